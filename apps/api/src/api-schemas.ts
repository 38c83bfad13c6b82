/**
 * The API's own response shapes, built from the shared vocabulary in @racelab/schema so the
 * OpenAPI document, the validators and the typed client all describe the same objects.
 */
import { z } from '@hono/zod-openapi';
import {
  ApiErrorSchema,
  ExperimentConfigSchema,
  ExperimentResultSchema,
  ProgressSnapshotSchema,
  RUN_SOURCES,
  RunErrorSchema,
  RunFilterSchema,
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
    source: z.enum(RUN_SOURCES).meta({ description: 'Which front end recorded it: `api` for runs started here.' }),
    host: z.string().optional().meta({ description: 'The host label of the server that ran it (`--host-name`).' }),
    group: z.string().optional().meta({ description: 'Runs started together on several hosts share a group.' }),
    verified: z.boolean().meta({
      description: 'true when a racelab server ran it; false for results sent in with POST /results.',
    }),
    createdAt: z.iso.datetime({ offset: true }).meta({ description: 'When it was submitted (or recorded).' }),
    startedAt: z.iso.datetime({ offset: true }).optional(),
    endedAt: z.iso.datetime({ offset: true }).optional(),
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
  .object({
    runs: z.array(RunSchema).meta({ description: 'Newest first (by createdAt, then id).' }),
    nextCursor: z
      .string()
      .optional()
      .meta({ description: 'Present when more runs match: pass it as `cursor` for the next page.' }),
  })
  .meta({ id: 'RunList' });

export const RunIdParamsSchema = z.object({
  id: z
    .string()
    .min(1)
    .meta({ param: { name: 'id', in: 'path' }, example: '9b2f6c1e-4a57-4e0b-9a8e-2d1f3c4b5a69' }),
});

export const LastEventIdHeaderSchema = z.object({
  'last-event-id': z
    .string()
    .optional()
    .meta({
      param: { name: 'last-event-id', in: 'header' },
      description:
        'The `id` of the last event you received: resume after it (EventSource sends it when it reconnects).',
      example: '12',
    }),
});

export const SubmitRunQuerySchema = z.object({
  wait: z
    .enum(['true', 'false'])
    .optional()
    .meta({ description: 'true: answer 200 once the run has ended, instead of 202 at once.' }),
});

export const RUN_LIST_FORMATS = ['json', 'csv', 'ndjson'] as const;

/** `GET /runs`: the notebook's filter (`RunFilter` from @racelab/schema), and the answer's format. */
export const ListRunsQuerySchema = z.strictObject({
  ...RunFilterSchema.shape,
  format: z
    .enum(RUN_LIST_FORMATS, { error: `must be one of ${RUN_LIST_FORMATS.join(', ')}` })
    .optional()
    .meta({
      description:
        '`json` (default): one page. `csv` (a header row, then one run summary a row) or `ndjson` (one Run a line): every matching run, all pages, streamed; `limit` and `cursor` do not apply.',
    }),
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
