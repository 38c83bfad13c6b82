import type { z } from 'zod';
import { type ConfigErrorCode, TRACE_TOO_LARGE } from './config.js';

export interface FieldIssue {
  /** Dotted path of the bad field, or `(root)` for the whole value. */
  field: string;
  message: string;
}

/** One readable entry per bad field, in the order zod found them. */
export function fieldIssues(error: z.ZodError): FieldIssue[] {
  const seen = new Set<string>();
  const issues: FieldIssue[] = [];
  for (const issue of error.issues) {
    if (issue.code === 'unrecognized_keys') {
      for (const key of issue.keys) {
        const field = [...issue.path, key].join('.');
        issues.push({ field, message: 'is not a known field' });
      }
      continue;
    }
    const field = issue.path.length > 0 ? issue.path.join('.') : '(root)';
    if (seen.has(field)) continue;
    seen.add(field);
    issues.push({ field, message: issue.message });
  }
  return issues;
}

/** `workers: must be an integer from 1 to 256; trials: …` */
export function formatIssues(error: z.ZodError): string {
  return fieldIssues(error)
    .map(({ field, message }) => `${field}: ${message}`)
    .join('; ');
}

/**
 * The contract code for a refused config: `trace_too_large` when that is the only problem (a
 * traced run over the trace's limit), `invalid_config` otherwise.
 */
export function configErrorCode(error: z.ZodError): ConfigErrorCode {
  const traceOnly = error.issues.every(
    (issue) => issue.code === 'custom' && (issue.params as { code?: unknown } | undefined)?.code === TRACE_TOO_LARGE,
  );
  return traceOnly && error.issues.length > 0 ? TRACE_TOO_LARGE : 'invalid_config';
}
