import type { StoredRun } from '@racelab/schema';
import type { Run } from '../api-schemas.js';
import type { RunQueue } from './run-queue.js';

/** A stored run as the API answers it: everything but the client's hash. */
export function toApiRun(run: StoredRun): Run {
  const { client: _client, ...answer } = run;
  return answer;
}

/** A run this process is running or has queued shows its live state (progress); any other, the store's. */
export function liveOrStored(queue: RunQueue, run: StoredRun): Run {
  const record = queue.find(run.id);
  return record && !record.ended ? record.toJSON() : toApiRun(run);
}
