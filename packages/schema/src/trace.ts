/**
 * The trace of one trial (`config.trace`): from each worker's log of the values it read, which
 * update overwrote which. See @racelab/core's README for how the accounting is exact.
 */
import { z } from 'zod';

const count = z.int().nonnegative();

export const RollbackSchema = z
  .object({
    seenBy: count.meta({ description: 'The worker that found the counter below the value it had just written.' }),
    iteration: count.meta({ description: "That worker's own iteration (from 0) whose read saw the rollback." }),
    from: count.meta({ description: 'The value it had just written (its previous read + 1).' }),
    to: count.meta({ description: 'The lower value it read next: a stale write had landed in between.' }),
    erased: z.int().positive().meta({ description: 'from − to: the updates this one stale write erased.' }),
    writer: count.optional().meta({
      description:
        'The worker that wrote `to` (the only other worker whose log holds a read of to − 1); absent when the logs cannot tell.',
    }),
  })
  .meta({ id: 'Rollback', description: 'One time a worker saw the counter go backwards.' });

export const TraceViewSchema = z
  .object({
    worker: count,
    points: z
      .array(z.tuple([count, count]))
      .max(500)
      .meta({
        description:
          '[own iteration, value read], in iteration order: at most 500, downsampled keeping the biggest rollbacks this worker saw.',
      }),
  })
  .meta({ id: 'TraceView', description: 'What one worker saw of the counter.' });

export const TraceSchema = z
  .object({
    repeatedReads: count.meta({
      description:
        'Reads of a value below the final counter beyond that value’s first read, by any worker (the same one included).',
    }),
    readsAboveFinal: count.meta({
      description: 'Reads of a value at or above the final counter: work a stale write erased and nobody redid.',
    }),
    rollbacks: z
      .object({
        count: count.meta({ description: 'Times a worker read a value lower than the one it had just written.' }),
        erased: count.meta({ description: 'The updates those rollbacks erased, summed (from − to of each).' }),
        biggest: z.array(RollbackSchema).meta({ description: 'The biggest rollbacks, biggest first.' }),
      })
      .meta({ id: 'Rollbacks' }),
    pairs: z.array(z.array(count)).optional().meta({
      description:
        'workers × workers: pairs[a][b] (a ≠ b) counts the values both a and b read; pairs[a][a] the reads by a of a value it had read before. Kept for the first trials only (see `views`).',
    }),
    views: z.array(TraceViewSchema).optional().meta({
      description:
        'One per worker: the values it read against its own iteration. Kept for the first trials only, so that a traced result stays small.',
    }),
  })
  .meta({
    id: 'Trace',
    description:
      'Which update overwrote which, from every read of every worker. repeatedReads + readsAboveFinal = lostUpdates, always.',
  });

export type Rollback = z.infer<typeof RollbackSchema>;
export type TraceView = z.infer<typeof TraceViewSchema>;
export type Trace = z.infer<typeof TraceSchema>;
