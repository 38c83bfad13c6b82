import { z } from 'zod';
import { ExperimentConfigSchema } from './config.js';
import { integerRangeMessage } from './messages.js';
import { type ExperimentResult, ExperimentResultSchema, RUNTIME_NAMES, RunErrorSchema } from './result.js';
import { StrategySchema } from './strategy.js';

/** Where a run stands: waiting in the queue, running, or ended one of three ways. */
export const STORED_RUN_STATUSES = ['queued', 'running', 'completed', 'failed', 'cancelled'] as const;

/** Which front end recorded a run. `browser` and `submitted` runs were measured elsewhere and sent in. */
export const RUN_SOURCES = ['cli', 'dashboard', 'api', 'browser', 'bench', 'submitted'] as const;

/** How many runs one page of a listing may hold. */
export const RUN_PAGE_BOUNDS = { min: 1, max: 100, default: 50 } as const;

const oneOf = (values: readonly string[]) => `must be one of ${values.join(', ')}`;
const isoTime = z.iso.datetime({ offset: true });

export const StoredRunStatusSchema = z
  .enum(STORED_RUN_STATUSES, { error: oneOf(STORED_RUN_STATUSES) })
  .meta({ id: 'StoredRunStatus' });

export const RunSourceSchema = z
  .enum(RUN_SOURCES, { error: oneOf(RUN_SOURCES) })
  .meta({ id: 'RunSource', description: 'Which front end recorded the run.' });

export const StoredRunSchema = z
  .object({
    id: z.string().min(1).max(200),
    status: StoredRunStatusSchema,
    config: ExperimentConfigSchema,
    source: RunSourceSchema,
    host: z.string().min(1).max(200).optional().meta({ description: 'The host that ran it (a label).' }),
    group: z
      .string()
      .min(1)
      .max(200)
      .optional()
      .meta({ description: 'Runs started together on several hosts share a group.' }),
    client: z
      .string()
      .min(1)
      .max(200)
      .optional()
      .meta({ description: 'Who sent it: a hash of their token or address, never a token in clear.' }),
    verified: z.boolean().meta({
      description: 'true when this racelab ran it; false for results sent in from elsewhere (a client may lie).',
    }),
    createdAt: isoTime,
    startedAt: isoTime.optional(),
    endedAt: isoTime.optional(),
    result: ExperimentResultSchema.optional().meta({ description: 'The result, once the run has ended.' }),
    error: RunErrorSchema.optional().meta({
      description: 'Why a run without a result ended (`interrupted`: the server stopped under it).',
    }),
  })
  .superRefine((run, ctx) => {
    const ended = run.status !== 'queued' && run.status !== 'running';
    if (run.result === undefined) return;
    if (!ended) {
      ctx.addIssue({ code: 'custom', path: ['result'], message: 'a queued or running run has no result yet' });
      return;
    }
    if (run.result.id !== run.id) {
      ctx.addIssue({ code: 'custom', path: ['result', 'id'], message: 'must equal the run id' });
    }
    if (run.result.status !== run.status) {
      ctx.addIssue({ code: 'custom', path: ['result', 'status'], message: 'must equal the run status' });
    }
  })
  .meta({ id: 'StoredRun', description: 'A run as the notebook keeps it: who ran it, where, and its result.' });

export const RunSummarySchema = z
  .object({
    id: z.string(),
    createdAt: isoTime,
    endedAt: isoTime.optional(),
    status: StoredRunStatusSchema,
    strategy: StrategySchema,
    workers: z.int(),
    iterations: z.int(),
    trials: z.int(),
    lostUpdatesMedian: z.number().nullable().meta({ description: 'null until the run has a finished trial.' }),
    opsPerSecondMedian: z.number().nullable(),
    runtimeName: z.enum(RUNTIME_NAMES).optional(),
    runtimeVersion: z.string().optional(),
    host: z.string().optional(),
    cpuModel: z.string().optional(),
    cpus: z.int().optional(),
    source: RunSourceSchema,
    group: z.string().optional(),
    verified: z.boolean(),
  })
  .meta({ id: 'RunSummary', description: 'The columns a run is found by, one row of a history table.' });

/** `2026-12-03` (midnight UTC) or a full ISO 8601 time, normalised to `…T…Z`. */
function timeFilter(field: string) {
  const error = `must be an ISO 8601 date or time, such as 2026-12-03 or 2026-12-03T12:00:00Z`;
  return z
    .union([isoTime, z.iso.date()], { error })
    .transform((text) => new Date(text).toISOString())
    .optional()
    .meta({ description: `Only runs created ${field === 'since' ? 'at or after' : 'before'} this time.` });
}

/** A free-text filter: 1 to 200 characters, compared exactly. */
function label(what: string) {
  const error = `must be ${what} of 1 to 200 characters`;
  return z.string({ error }).min(1, { error }).max(200, { error }).optional();
}

const pageSize = integerRangeMessage(RUN_PAGE_BOUNDS.min, RUN_PAGE_BOUNDS.max);

export const RunFilterSchema = z
  .strictObject(
    {
      strategy: StrategySchema.optional(),
      status: StoredRunStatusSchema.optional(),
      runtime: z.enum(RUNTIME_NAMES, { error: oneOf(RUNTIME_NAMES) }).optional(),
      host: label('a host label'),
      source: RunSourceSchema.optional(),
      group: label('a group id'),
      since: timeFilter('since'),
      until: timeFilter('until'),
      // Query strings and flags arrive as text: accept "20" as well as 20.
      limit: z.coerce
        .number({ error: pageSize })
        .int({ error: pageSize })
        .min(RUN_PAGE_BOUNDS.min, { error: pageSize })
        .max(RUN_PAGE_BOUNDS.max, { error: pageSize })
        .default(RUN_PAGE_BOUNDS.default),
      cursor: z
        .string({ error: 'must be the nextCursor of a previous page' })
        .min(1, { error: 'must be the nextCursor of a previous page' })
        .max(200, { error: 'must be the nextCursor of a previous page' })
        .optional(),
    },
    { error: (issue) => (issue.code === 'unrecognized_keys' ? undefined : 'must be an object') },
  )
  .meta({ id: 'RunFilter', description: 'Which stored runs to list, newest first, and which page.' });

export type StoredRunStatus = z.infer<typeof StoredRunStatusSchema>;
export type RunSource = z.infer<typeof RunSourceSchema>;
export type StoredRun = z.infer<typeof StoredRunSchema>;
export type StoredRunInput = z.input<typeof StoredRunSchema>;
export type RunSummary = z.infer<typeof RunSummarySchema>;
/** A filter as accepted (every field optional, `limit` may be text). */
export type RunFilterInput = z.input<typeof RunFilterSchema>;
/** A filter after parsing: times normalised, `limit` a number (default 50). */
export type RunFilter = z.output<typeof RunFilterSchema>;

/** The summary row of a stored run: the one definition of what each column holds. */
export function toRunSummary(run: StoredRun): RunSummary {
  const result: ExperimentResult | undefined = run.result;
  const environment = result?.environment;
  const summary: RunSummary = {
    id: run.id,
    createdAt: run.createdAt,
    status: run.status,
    strategy: run.config.strategy,
    workers: run.config.workers,
    iterations: run.config.iterations,
    trials: run.config.trials,
    lostUpdatesMedian: result?.summary.lostUpdates?.median ?? null,
    opsPerSecondMedian: result?.summary.opsPerSecond?.median ?? null,
    source: run.source,
    verified: run.verified,
  };
  const endedAt = run.endedAt ?? result?.finishedAt;
  if (endedAt !== undefined) summary.endedAt = endedAt;
  if (environment?.runtime) {
    summary.runtimeName = environment.runtime.name;
    summary.runtimeVersion = environment.runtime.version;
  }
  const host = run.host ?? environment?.host;
  if (host !== undefined) summary.host = host;
  if (environment?.cpuModel !== undefined) summary.cpuModel = environment.cpuModel;
  if (environment !== undefined) summary.cpus = environment.cpus;
  if (run.group !== undefined) summary.group = run.group;
  return summary;
}
