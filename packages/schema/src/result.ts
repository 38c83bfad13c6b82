import { z } from 'zod';
import { ExperimentConfigSchema } from './config.js';
import { TraceSchema } from './trace.js';

const count = z.int().nonnegative();
const milliseconds = z.number().nonnegative();

export const WaitSummarySchema = z
  .object({
    p50: milliseconds.meta({ description: 'Median wait.' }),
    p99: milliseconds.meta({ description: '99th percentile wait.' }),
    max: milliseconds.meta({ description: 'Longest wait.' }),
  })
  .meta({
    id: 'WaitSummary',
    description:
      'How long acquisitions of the lock waited, in ms. Every acquisition counts: one whose first compare-and-swap took the lock waited 0; one that found it taken is timed (to ±5 %).',
  });

export const FairnessSchema = z
  .object({
    jainIndex: z.number().min(0).max(1).meta({
      description:
        "Jain's fairness index over the workers' shares: 1 when every worker got the lock at the same rate, 1/workers when one got it all.",
    }),
    leastShare: z.number().nonnegative().meta({ description: "The least-served worker's share (1 = an even share)." }),
    waitMs: WaitSummarySchema,
    timedAcquisitions: count.meta({ description: 'Acquisitions that found the lock taken, and so were timed.' }),
  })
  .meta({
    id: 'Fairness',
    description: 'Lock strategies: how evenly the workers got the lock, and how long they waited.',
  });

export const WorkerResultSchema = z
  .object({
    index: count.meta({ description: 'Position of the worker in this run, from 0.' }),
    increments: count.meta({ description: 'Increments this worker performed.' }),
    runMs: milliseconds.meta({ description: 'From the start barrier opening to this worker finishing.' }),
    contended: count.optional().meta({
      description: 'Lock strategies: acquisitions that found the lock taken.',
    }),
    waits: count.optional().meta({
      description: 'mutex: times the worker parked in Atomics.wait.',
    }),
    spins: count.optional().meta({
      description: 'Lock strategies: failed attempts while spinning.',
    }),
    share: z.number().nonnegative().optional().meta({
      description:
        "Lock strategies: this worker's acquisitions per ms of its own run, over the mean of all workers' (1 = an even share).",
    }),
    waitMs: WaitSummarySchema.optional().meta({ description: "Lock strategies: this worker's waits." }),
  })
  .meta({ id: 'WorkerResult' });

export const TrialResultSchema = z
  .object({
    actual: count.meta({ description: 'The shared counter when every worker had finished.' }),
    lostUpdates: z.int().meta({ description: 'expected − actual.' }),
    spawnMs: milliseconds.meta({
      description: 'Getting the workers ready at the barrier (0 when they were already warm).',
    }),
    runMs: milliseconds.meta({ description: 'From the start barrier opening to the last worker finishing.' }),
    opsPerSecond: z.number().nonnegative().meta({ description: 'Increments performed per second of runMs.' }),
    workers: z.array(WorkerResultSchema),
    fairness: FairnessSchema.optional(),
    trace: TraceSchema.optional(),
  })
  .meta({ id: 'TrialResult' });

export const StatsSchema = z.object({ min: z.number(), median: z.number(), max: z.number() }).meta({ id: 'Stats' });

export const SummarySchema = z
  .object({
    correct: z.boolean().meta({ description: "Every trial's actual equals expected." }),
    lostUpdates: StatsSchema.nullable(),
    opsPerSecond: StatsSchema.nullable(),
  })
  .meta({ id: 'Summary', description: 'Statistics over the trials that finished (null when none did).' });

/** The JavaScript runtimes racelab runs on. */
export const RUNTIME_NAMES = ['node', 'bun', 'deno', 'browser'] as const;

export const RuntimeSchema = z
  .object({
    name: z.enum(RUNTIME_NAMES),
    version: z
      .string()
      .meta({ description: "The runtime's own version (Node.js, Bun or Deno); for a browser, its user agent." }),
  })
  .meta({ id: 'Runtime' });

export const EnvironmentSchema = z
  .object({
    runtime: RuntimeSchema.optional().meta({
      description: 'Where the run happened. Absent in results made before it was added.',
    }),
    userAgent: z.string().optional().meta({ description: 'Browsers: navigator.userAgent.' }),
    node: z.string().optional().meta({
      description:
        'Node.js version; on Bun and Deno, the Node.js version they are compatible with. Absent in browsers.',
    }),
    v8: z.string().optional().meta({ description: 'V8 version, where the engine is V8 (Node.js, Deno).' }),
    platform: z.string(),
    arch: z.string().optional().meta({ description: 'CPU architecture, where the runtime tells it (not browsers).' }),
    cpus: z.int().positive().meta({ description: 'Logical CPUs this runtime may use.' }),
    cpuModel: z.string().optional().meta({ description: 'The CPU model, where the runtime tells it (not browsers).' }),
    host: z.string().optional().meta({
      description: "A label for the machine: the host name a lab gave it (--host-name), else the machine's name.",
    }),
  })
  .meta({ id: 'Environment' });

/** Something a finished run wants its reader to know, that did not change its outcome. */
export const RunWarningSchema = z
  .object({
    code: z.enum(['worker_exited_late']),
    message: z.string(),
  })
  .meta({ id: 'RunWarning' });

export const RUN_ERROR_CODES = [
  'cancelled',
  'timeout',
  'worker_crashed',
  'worker_exited',
  'lock_owner_died',
  'trace_mismatch',
  'internal',
  'interrupted',
  'host_lost',
] as const;

export const RunErrorSchema = z.object({ code: z.enum(RUN_ERROR_CODES), message: z.string() }).meta({ id: 'RunError' });

export type RunErrorCode = (typeof RUN_ERROR_CODES)[number];

export const ExperimentResultSchema = z
  .object({
    id: z.string().min(1),
    status: z.enum(['completed', 'failed', 'cancelled']),
    config: ExperimentConfigSchema,
    expected: count,
    trials: z.array(TrialResultSchema),
    summary: SummarySchema,
    environment: EnvironmentSchema,
    startedAt: z.iso.datetime(),
    finishedAt: z.iso.datetime(),
    error: RunErrorSchema.optional(),
    warnings: z.array(RunWarningSchema).optional().meta({
      description: 'Things that did not change the outcome, such as a worker that exited after reporting its results.',
    }),
  })
  .superRefine((result, ctx) => {
    const ended = result.status === 'completed';
    if (ended === (result.error !== undefined)) {
      ctx.addIssue({
        code: 'custom',
        path: ['error'],
        message: 'error is present exactly when status is failed or cancelled',
      });
    }
    for (const [index, trial] of result.trials.entries()) {
      if (trial.lostUpdates !== result.expected - trial.actual) {
        ctx.addIssue({
          code: 'custom',
          path: ['trials', index, 'lostUpdates'],
          message: 'must equal expected − actual',
        });
      }
      if (trial.trace && trial.trace.repeatedReads + trial.trace.readsAboveFinal !== trial.lostUpdates) {
        ctx.addIssue({
          code: 'custom',
          path: ['trials', index, 'trace'],
          message: 'repeatedReads + readsAboveFinal must equal lostUpdates',
        });
      }
    }
  })
  .meta({ id: 'ExperimentResult', description: 'One finished, failed or cancelled experiment.' });

export type WaitSummary = z.infer<typeof WaitSummarySchema>;
export type Fairness = z.infer<typeof FairnessSchema>;
export type WorkerResult = z.infer<typeof WorkerResultSchema>;
export type TrialResult = z.infer<typeof TrialResultSchema>;
export type Stats = z.infer<typeof StatsSchema>;
export type Summary = z.infer<typeof SummarySchema>;
export type Environment = z.infer<typeof EnvironmentSchema>;
export type Runtime = z.infer<typeof RuntimeSchema>;
export type RuntimeName = Runtime['name'];
export type RunWarning = z.infer<typeof RunWarningSchema>;
export type RunError = z.infer<typeof RunErrorSchema>;
export type ExperimentResult = z.infer<typeof ExperimentResultSchema>;
export type RunStatus = ExperimentResult['status'];
