import { type LiveFigures, liveFigures } from '@racelab/schema/format';
import { type Batch, currentConfig } from '../hooks/use-experiment.js';

/** What the live view shows about the current experiment (see `liveFigures` in `@racelab/schema/format`). */
export function batchFigures(batch: Batch): LiveFigures {
  return liveFigures({
    config: currentConfig(batch),
    progress: batch.progress,
    result: batch.results[batch.index],
    trialLost: batch.trialLost,
  });
}

/** Lost updates of the trials that have finished; the current trial counts only once it has. */
export function finishedTrialLosses(batch: Batch, figures: LiveFigures): number[] {
  if (figures.result) return figures.result.trials.map((trial) => trial.lostUpdates);
  return batch.trialLost.slice(0, figures.trial);
}
