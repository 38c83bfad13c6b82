/** `GET /runs` from the store: one page as JSON, or every match streamed as CSV or NDJSON. */
import { type RunFilter, runSummaryCsvHeader, runSummaryCsvRow, type StoredRun, toRunSummary } from '@racelab/schema';
import type { Context, MiddlewareHandler } from 'hono';
import { stream } from 'hono/streaming';
import type { Run } from '../api-schemas.js';
import { ListRunsQuerySchema } from '../api-schemas.js';
import { liveOrStored } from '../runs/api-run.js';
import type { RunQueue } from '../runs/run-queue.js';

type Filter = RunFilter;

export async function listRunPage(queue: RunQueue, filter: Filter): Promise<{ runs: Run[]; nextCursor?: string }> {
  const { limit, cursor, ...criteria } = filter;
  const page = await queue.keeper.store.list(criteria, { limit, cursor });
  const runs = page.runs.map((run) => liveOrStored(queue, run));
  return page.nextCursor === undefined ? { runs } : { runs, nextCursor: page.nextCursor };
}

const EXPORTS = {
  csv: { contentType: 'text/csv; charset=utf-8; header=present', extension: 'csv' },
  ndjson: { contentType: 'application/x-ndjson', extension: 'ndjson' },
} as const;

/**
 * Every run matching the filter (all pages, newest first), written as it is read. The first page is
 * read before the answer starts, so a store that is away is a plain 503, not a broken stream; one
 * that goes away midway ends the stream early (the status was already sent).
 */
export async function streamRunExport(
  c: Context,
  queue: RunQueue,
  filter: Filter,
  format: keyof typeof EXPORTS,
): Promise<Response> {
  const { limit: _limit, cursor: _cursor, ...criteria } = filter;
  const runs = queue.keeper.store.scan(criteria)[Symbol.asyncIterator]();
  const first = await runs.next();
  const line = (run: StoredRun) =>
    format === 'csv' ? runSummaryCsvRow(toRunSummary(run)) : `${JSON.stringify(liveOrStored(queue, run))}\n`;
  const { contentType, extension } = EXPORTS[format];
  c.header('content-type', contentType);
  c.header('content-disposition', `inline; filename="racelab-runs.${extension}"`);
  return stream(
    c,
    async (output) => {
      let aborted = false;
      output.onAbort(() => {
        aborted = true;
      });
      try {
        if (format === 'csv') await output.write(runSummaryCsvHeader());
        for (let next = first; !next.done && !aborted; next = await runs.next()) await output.write(line(next.value));
      } finally {
        await runs.return?.();
      }
      // A store gone midway: the status is sent, so the stream just ends short.
    },
    async () => {},
  );
}

/**
 * `format=csv|ndjson` answered before the route's handler: the query is checked here with the same
 * schema (a bad one falls through to the route's validator, which answers the 400).
 */
export function exportRuns(queue: RunQueue): MiddlewareHandler {
  return async (c, next) => {
    const format = c.req.query('format');
    if (format !== 'csv' && format !== 'ndjson') return next();
    const parsed = ListRunsQuerySchema.safeParse(queryObject(c));
    if (!parsed.success) return next();
    const { format: _format, ...filter } = parsed.data;
    return streamRunExport(c, queue, filter, format);
  };
}

/** The query as Hono's validator sees it: a repeated key becomes a list (and fails the schema). */
function queryObject(c: Context): Record<string, string | string[]> {
  return Object.fromEntries(
    Object.entries(c.req.queries()).map(([key, values]) => [key, values.length === 1 ? (values[0] as string) : values]),
  );
}
