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

export const DEFAULT_CONFIG = {
  strategy: 'mutex',
  workers: CONFIG_BOUNDS.workers.default,
  iterations: CONFIG_BOUNDS.iterations.default,
  trials: CONFIG_BOUNDS.trials.default,
} as const;

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
