import { z } from 'zod';
import { formatInteger, integerRangeMessage, rangeText } from './messages.js';
import { StrategySchema } from './strategy.js';

/** Bounds of every config field; the CLI, the API and the docs read them from here. */
export const CONFIG_BOUNDS = {
  workers: { min: 1, max: 256, default: 10 },
  iterations: { min: 1, max: 100_000_000, default: 100_000 },
  trials: { min: 1, max: 100, default: 1 },
} as const;

/**
 * The shared counter is a 32-bit `Int32Array` slot (Atomics on 64-bit counters cost BigInt
 * boxing in the hot loop), so one trial may add at most 2^31 − 1 before it would overflow.
 */
export const MAX_TOTAL_INCREMENTS = 2 ** 31 - 1;

/**
 * A traced trial logs every read as one 32-bit word, so `workers × iterations` is capped when
 * `trace` is on: 2^24 reads, 64 MiB of logs, reused by every trial of the run.
 */
export const MAX_TRACED_INCREMENTS = 2 ** 24;

/** The error code of a traced config over `MAX_TRACED_INCREMENTS` (API: 400; CLI: exit 2). */
export const TRACE_TOO_LARGE = 'trace_too_large';

/** The codes a config can be refused with: `trace_too_large` when that is the only thing wrong. */
export type ConfigErrorCode = 'invalid_config' | typeof TRACE_TOO_LARGE;

export const DEFAULT_CONFIG = {
  strategy: 'mutex',
  workers: CONFIG_BOUNDS.workers.default,
  iterations: CONFIG_BOUNDS.iterations.default,
  trials: CONFIG_BOUNDS.trials.default,
} as const;

/** `workers × iterations must be at most 16,777,216 when trace is on (64 MiB of logs); got 20,000,000` */
export function traceTooLargeMessage(total: number): string {
  return `workers × iterations must be at most ${formatInteger(MAX_TRACED_INCREMENTS)} when trace is on (64 MiB of logs); got ${formatInteger(total)}`;
}

type BoundedField = keyof typeof CONFIG_BOUNDS;

function boundedInteger(field: BoundedField, description: string) {
  const { min, max } = CONFIG_BOUNDS[field];
  const error = integerRangeMessage(min, max);
  return z
    .number({ error })
    .int({ error })
    .min(min, { error })
    .max(max, { error })
    .default(CONFIG_BOUNDS[field].default)
    .meta({ description: `${description} (${rangeText(min, max)}).` });
}

export const ExperimentConfigSchema = z
  .strictObject(
    {
      strategy: StrategySchema.default(DEFAULT_CONFIG.strategy),
      workers: boundedInteger('workers', 'Worker threads incrementing the shared counter'),
      iterations: boundedInteger('iterations', 'Increments per worker'),
      trials: boundedInteger('trials', 'Independent repetitions of the experiment'),
      // Optional rather than defaulted, so configs and results written before tracing keep their
      // exact shape and type; absent means false.
      trace: z
        .boolean({ error: 'must be true or false' })
        .optional()
        .meta({
          default: false,
          description: `Record the value every increment read, and report in each trial's \`trace\` which update overwrote which (default false). When true, workers × iterations must be at most ${formatInteger(MAX_TRACED_INCREMENTS)}.`,
        }),
    },
    { error: (issue) => (issue.code === 'unrecognized_keys' ? undefined : 'must be an object') },
  )
  .superRefine((config, ctx) => {
    const total = config.workers * config.iterations;
    if (total > MAX_TOTAL_INCREMENTS) {
      ctx.addIssue({
        code: 'custom',
        path: ['iterations'],
        message: `workers × iterations must be at most ${formatInteger(MAX_TOTAL_INCREMENTS)} (the 32-bit counter); got ${formatInteger(total)}`,
      });
    } else if (config.trace && total > MAX_TRACED_INCREMENTS) {
      ctx.addIssue({
        code: 'custom',
        path: ['trace'],
        params: { code: TRACE_TOO_LARGE },
        message: traceTooLargeMessage(total),
      });
    }
  })
  .meta({ id: 'ExperimentConfig', description: 'What to run. Every field is optional.' });

/** A config as accepted on input: every field optional. */
export type ExperimentConfigInput = z.input<typeof ExperimentConfigSchema>;
/** A config after parsing: every field present. */
export type ExperimentConfig = z.output<typeof ExperimentConfigSchema>;

export function expectedTotal(config: Pick<ExperimentConfig, 'workers' | 'iterations'>): number {
  return config.workers * config.iterations;
}
