import { z } from 'zod';
import { StrategySchema } from './strategy.js';

const count = z.int().nonnegative();

/** A live sample of a run, read by the main thread from shared memory. */
export const ProgressSnapshotSchema = z
  .object({
    runId: z.string(),
    strategy: StrategySchema,
    elapsedMs: z.number().nonnegative().meta({ description: 'Since the current trial started.' }),
    trial: count.meta({ description: 'Index of the current trial, from 0.' }),
    trials: z.int().positive(),
    counter: count.meta({ description: 'The shared counter right now.' }),
    completed: count.meta({ description: 'Increments performed so far in this trial, all workers.' }),
    expected: count.meta({ description: 'What the counter must reach: workers × iterations.' }),
    workers: z.array(count).meta({ description: 'Increments completed by each worker so far.' }),
  })
  .meta({ id: 'ProgressSnapshot' });

export type ProgressSnapshot = z.infer<typeof ProgressSnapshotSchema>;
