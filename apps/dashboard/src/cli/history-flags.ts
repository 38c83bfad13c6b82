import { UsageError } from '@racelab/command-line';
import { fieldIssues, type RunFilter, RunFilterSchema } from '@racelab/schema';
import { flagIssueText } from './flag-issue.js';

export type HistoryFormat = 'table' | 'json' | 'csv' | 'ndjson';

export interface HistoryRequest {
  /** Parsed by the schema's `RunFilter`: the API's `GET /runs` accepts exactly the same values. */
  filter: RunFilter;
  format: HistoryFormat;
  /** `--limit` was given: CSV and NDJSON print every match unless it was. */
  limited: boolean;
}

const FILTER_FIELDS = ['strategy', 'status', 'runtime', 'host', 'source', 'since', 'until', 'limit'] as const;

/** `racelab history`'s flags through `RunFilterSchema`, each problem said of the flag typed. */
export function historyRequestOf(values: Partial<Record<string, string | boolean | undefined>>): HistoryRequest {
  const raw: Record<string, string> = {};
  for (const field of FILTER_FIELDS) {
    const value = values[field];
    if (typeof value === 'string') raw[field] = value;
  }
  const parsed = RunFilterSchema.safeParse(raw);
  if (!parsed.success) {
    const text = fieldIssues(parsed.error)
      .map(({ field, message }) => flagIssueText(field, message, raw[field]))
      .join('; ');
    throw new UsageError(text);
  }
  const format: HistoryFormat = values.json ? 'json' : values.csv ? 'csv' : values.ndjson ? 'ndjson' : 'table';
  return { filter: parsed.data, format, limited: raw.limit !== undefined };
}
