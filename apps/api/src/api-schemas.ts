/**
 * The API's own response shapes, built from the shared vocabulary in @racelab/schema so the
 * OpenAPI document, the validators and the typed client all describe the same objects.
 */
import { z } from '@hono/zod-openapi';
import {
  ApiErrorSchema,
  ExperimentConfigSchema,
  ExperimentResultSchema,
  integerRangeMessage,
  ProgressSnapshotSchema,
  RunErrorSchema,
  STRATEGY_TOTALS,
  StrategySchema,
} from '@racelab/schema';

export { ApiErrorSchema, ExperimentConfigSchema, ExperimentResultSchema, ProgressSnapshotSchema };

export const RUN_STATUSES = ['queued', 'running', 'completed', 'failed', 'cancelled'] as const;

export const RunStatusSchema = z.enum(RUN_STATUSES).meta({
  id: 'RunStatus',
  description: 'queued → running → completed | failed | cancelled.',
});

export const RunSchema = z
  .object({
    id: z.string().meta({ example: '9b2f6c1e-4a57-4e0b-9a8e-2d1f3c4b5a69' }),
    status: RunStatusSchema,
    config: ExperimentConfigSchema,
    // No .meta() on these: it would inline the shared schemas instead of referencing their components.
    progress: ProgressSnapshotSchema.optional(),
    result: ExperimentResultSchema.optional(),
    error: RunErrorSchema.optional(),
  })
  .meta({
    id: 'Run',
    description: [
      'One experiment submitted to this server.',
      '`progress`: the latest live sample, while running.',
      '`result`: the experiment result, once the run ended (absent when it was cancelled before it started).',
      '`error`: why the run did not complete, present exactly when status is failed or cancelled.',
    ].join(' '),
  });

export const RunListSchema = z
  .object({ runs: z.array(RunSchema).meta({ description: 'Newest first.' }) })
  .meta({ id: 'RunList' });

export const RunIdParamsSchema = z.object({
  id: z
    .string()
    .min(1)
    .meta({ param: { name: 'id', in: 'path' }, example: '9b2f6c1e-4a57-4e0b-9a8e-2d1f3c4b5a69' }),
});

export const SubmitRunQuerySchema = z.object({
  wait: z
    .enum(['true', 'false'])
    .optional()
    .meta({ description: 'true: answer 200 once the run has ended, instead of 202 at once.' }),
});

const LIMIT_MESSAGE = integerRangeMessage(1, 1000);

export const ListRunsQuerySchema = z.object({
  limit: z.coerce
    .number({ error: LIMIT_MESSAGE })
    .int({ error: LIMIT_MESSAGE })
    .min(1, { error: LIMIT_MESSAGE })
    .max(1000, { error: LIMIT_MESSAGE })
    .optional()
    .meta({ description: 'At most this many runs (default: every run still in memory).' }),
});

export const HealthSchema = z.object({ status: z.literal('ok') }).meta({ id: 'Health' });

export const StrategyListSchema = z
  .object({
    strategies: z.array(
      z.object({
        name: StrategySchema,
        description: z.string().meta({ description: 'One line: what each increment does, and what total to expect.' }),
        synchronized: z.boolean().meta({ description: 'true: the total always equals workers × iterations.' }),
        total: z.enum(STRATEGY_TOTALS).meta({
          description: 'What the total comes out as: exact, or usually short of workers × iterations (the race).',
        }),
      }),
    ),
  })
  .meta({ id: 'StrategyList' });

export type RunStatus = z.infer<typeof RunStatusSchema>;
export type Run = z.infer<typeof RunSchema>;
