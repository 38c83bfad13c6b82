import { formatIssues, type StoredRun, StoredRunSchema, type StoredRunStatus } from '@racelab/schema';
import { CorruptRunError, InvalidRunError } from './errors.js';

/** Statuses a run can still leave: never pruned, and what `markInterrupted` ends. */
export const LIVE_STATUSES = ['queued', 'running'] as const satisfies readonly StoredRunStatus[];

export function isLive(status: StoredRunStatus): boolean {
  return status === 'queued' || status === 'running';
}

/** A run about to be saved, checked and normalised (defaults filled) by the schema. */
export function validRun(run: StoredRun): StoredRun {
  const parsed = StoredRunSchema.safeParse(run);
  if (!parsed.success) throw new InvalidRunError(`run: ${formatIssues(parsed.error)}`, { cause: parsed.error });
  return parsed.data;
}

/**
 * Documents known to pass the schema unchanged, by run id: reading one again needs only JSON.parse.
 * The schema check is most of what a page costs (about 0.3 ms a run against 0.01 ms to parse), and a
 * server's GET /runs reads the same newest runs over and over. An exact text match is required, so a
 * document edited or rewritten since is checked again. Bounded: the oldest entries go first.
 */
const checkedDocuments = new Map<string, string>();
const CHECKED_DOCUMENTS_MAX = 2_000;

/** A run read back from a database: its JSON text, parsed through the schema (once per exact text). */
export function storedRunFromJson(id: string, json: string): StoredRun {
  let value: unknown;
  try {
    value = JSON.parse(json);
  } catch (error) {
    throw new CorruptRunError(id, `not JSON (${(error as Error).message})`);
  }
  if (checkedDocuments.get(id) === json) return value as StoredRun;
  const parsed = StoredRunSchema.safeParse(value);
  if (!parsed.success) throw new CorruptRunError(id, formatIssues(parsed.error));
  // Only a document the schema leaves exactly as it is (nothing stripped or defaulted) may skip it next time.
  if (JSON.stringify(parsed.data) === json) {
    checkedDocuments.delete(id);
    checkedDocuments.set(id, json);
    if (checkedDocuments.size > CHECKED_DOCUMENTS_MAX) {
      checkedDocuments.delete(checkedDocuments.keys().next().value as string);
    }
  }
  return parsed.data;
}

export const INTERRUPTED_MESSAGE = 'the server stopped while this run was queued or running';

/** The run as `markInterrupted` leaves it: failed, code `interrupted`, ended now. */
export function interruptedRun(run: StoredRun, message: string, now: Date): StoredRun {
  return { ...run, status: 'failed', endedAt: now.toISOString(), error: { code: 'interrupted', message } };
}

export function toMillis(iso: string): number {
  return Date.parse(iso);
}

export function checkPruneOptions(keepRuns: number | undefined, keepDays: number | undefined): void {
  if (keepRuns !== undefined && !(Number.isSafeInteger(keepRuns) && keepRuns >= 0)) {
    throw new RangeError(`keepRuns: must be an integer from 0 up, got ${keepRuns}`);
  }
  if (keepDays !== undefined && !(Number.isFinite(keepDays) && keepDays >= 0)) {
    throw new RangeError(`keepDays: must be a number from 0 up, got ${keepDays}`);
  }
}

export const DAY_MS = 86_400_000;

/** A page size from code (front ends bound theirs to 1–100 with `RunFilterSchema`). */
export function checkPageLimit(limit: number): void {
  if (!(Number.isSafeInteger(limit) && limit >= 1))
    throw new RangeError(`limit: must be an integer from 1 up, got ${limit}`);
}
