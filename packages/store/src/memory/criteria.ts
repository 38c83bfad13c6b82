import { type StoredRun, toRunSummary } from '@racelab/schema';
import type { RunCriteria } from '../run-store.js';
import { toMillis } from '../runs.js';

/** The same matching the SQL engines do with their columns, over a run in memory. */
export function matches(run: StoredRun, criteria: RunCriteria): boolean {
  const summary = toRunSummary(run);
  if (criteria.strategy !== undefined && summary.strategy !== criteria.strategy) return false;
  if (criteria.status !== undefined && summary.status !== criteria.status) return false;
  if (criteria.runtime !== undefined && summary.runtimeName !== criteria.runtime) return false;
  if (criteria.host !== undefined && summary.host !== criteria.host) return false;
  if (criteria.source !== undefined && summary.source !== criteria.source) return false;
  if (criteria.group !== undefined && summary.group !== criteria.group) return false;
  const created = toMillis(run.createdAt);
  if (criteria.since !== undefined && created < toMillis(criteria.since)) return false;
  if (criteria.until !== undefined && created >= toMillis(criteria.until)) return false;
  return true;
}
