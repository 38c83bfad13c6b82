import { z } from 'zod';
import {
  CONFIG_BOUNDS,
  DEFAULT_CONFIG,
  MAX_TOTAL_INCREMENTS,
  MAX_TRACED_INCREMENTS,
  TRACE_TOO_LARGE,
} from './bounds.js';
import { formatInteger, integerRangeMessage, rangeText } from './messages.js';
import { StrategySchema } from './strategy.js';

// Plain data, kept in a zod-free module so a web page can read it without the validators.
export {
  CONFIG_BOUNDS,
  type ConfigErrorCode,
  DEFAULT_CONFIG,
  expectedTotal,
  MAX_TOTAL_INCREMENTS,
  MAX_TRACED_INCREMENTS,
  TRACE_TOO_LARGE,
} from './bounds.js';

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
