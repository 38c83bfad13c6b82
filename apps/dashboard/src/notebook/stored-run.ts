import type { ExperimentResult, RunSource, StoredRun } from '@racelab/schema';

/** A run this racelab just made, as the notebook keeps it: its result, who made it, and where. */
export function storedRunOf(result: ExperimentResult, source: RunSource): StoredRun {
  const run: StoredRun = {
    id: result.id,
    status: result.status,
    config: result.config,
    source,
    verified: true,
    createdAt: result.startedAt,
    startedAt: result.startedAt,
    endedAt: result.finishedAt,
    result,
  };
  if (result.environment.host !== undefined) run.host = result.environment.host;
  return run;
}
