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

const hostNameError = 'must be a host name of this lab (1 to 200 characters)';

export const HostsTargetSchema = z
  .union(
    [
      z.literal('all'),
      z
        .array(z.string({ error: hostNameError }).min(1, { error: hostNameError }).max(200, { error: hostNameError }), {
          error: 'must be "all" or a list of host names',
        })
        .min(1, { error: 'must name at least one host' })
        .max(100, { error: 'must name at most 100 hosts' }),
    ],
    { error: 'must be "all" or a list of 1 to 100 host names' },
  )
  .meta({
    id: 'HostsTarget',
    description:
      'In a lab: which hosts run it. Absent: any host (the first idle one). A list: one run on each named host. `"all"`: one run on every live host, as one group. Outside a lab this server is the only host: its own name, or `"all"` (a group of one).',
  });

/** `POST /runs`: an `ExperimentConfig` and, in a lab, the hosts to run it on. */
export const SubmitRunBodySchema = z
  .strictObject(
    { ...ExperimentConfigSchema.shape, hosts: HostsTargetSchema.optional() },
    // The config's own wording for a body that is not an object (unknown fields keep theirs).
    { error: (issue) => (issue.code === 'unrecognized_keys' ? undefined : 'must be an object') },
  )
  .meta({ id: 'SubmitRun', description: 'An ExperimentConfig (every field optional) and, in a lab, `hosts`.' });

export const RunGroupSchema = z
  .object({
    group: z.string().meta({ description: 'Shared by the runs of this submission; `GET /runs?group=…` lists them.' }),
    runs: z.array(RunSchema).meta({ description: 'One run per host.' }),
  })
  .meta({ id: 'RunGroup', description: 'The runs one submission made on several hosts.' });

export const HOST_STATES = ['idle', 'running', 'lost'] as const;

export const HostSchema = z
  .object({
    name: z.string().meta({ description: 'The host label (`--host-name`).' }),
    cpus: z.number().int(),
    cpuModel: z.string(),
    runtime: z.string().meta({ example: 'node v20.20.2' }),
    version: z.string().meta({ description: 'The racelab version the host runs.' }),
    state: z.enum(HOST_STATES).meta({ description: '`lost`: silent for longer than its lease, or stopped.' }),
    lastSeenAt: z.iso.datetime({ offset: true }),
    leaseSeconds: z.number().meta({ description: 'Silent this long, a host is lost (`--lease-seconds`).' }),
    schemaVersion: z.number().int().optional().meta({
      description:
        'The notebook schema version its racelab was built for, to follow an upgrade host by host (absent for a host too old to record it).',
    }),
    running: z.string().optional().meta({ description: 'The id of the run it is running.' }),
    queued: z.number().int().meta({ description: 'Runs queued for this host by name (runs for any host wait apart).' }),
  })
  .meta({ id: 'Host' });

export const HostListSchema = z
  .object({
    hosts: z.array(HostSchema),
    queuedForAnyHost: z.number().int().meta({ description: 'Runs waiting for whichever host is idle first.' }),
  })
  .meta({ id: 'HostList' });

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
export type Host = z.infer<typeof HostSchema>;
