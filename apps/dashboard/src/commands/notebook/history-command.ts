import type { RunStore } from '@racelab/store';
import type { HistoryRequest } from '../../cli/history-flags.js';
import { CSV_HEADER, csvRecord, historyTable } from '../../format/history-table.js';
import type { CommandOutput } from '../output.js';
import { withNotebook } from './with-notebook.js';

/**
 * `racelab history`: the notebook's runs, newest first. A table or `--json` shows one page
 * (`--limit`, default 50); `--csv` and `--ndjson` stream every match unless `--limit` is given.
 */
export function historyCommand(
  request: HistoryRequest,
  database: string | undefined,
  output: CommandOutput,
): Promise<number> {
  return withNotebook(database, output, async (store) => {
    const { limit, cursor: _cursor, ...criteria } = request.filter;
    if ((request.format === 'csv' || request.format === 'ndjson') && !request.limited) {
      await stream(store, criteria, request.format, output);
      return 0;
    }
    const page = await store.list(criteria, { limit });
    if (request.format === 'json') {
      output.stdout.write(`${JSON.stringify(page.runs, null, 2)}\n`);
    } else if (request.format === 'csv') {
      output.stdout.write(CSV_HEADER + page.runs.map(csvRecord).join(''));
    } else if (request.format === 'ndjson') {
      output.stdout.write(page.runs.map((run) => `${JSON.stringify(run)}\n`).join(''));
    } else if (page.runs.length === 0) {
      const filtered = Object.values(criteria).some((value) => value !== undefined);
      output.stderr.write(
        filtered
          ? `racelab: no run in ${store.location} matches these filters\n`
          : `racelab: no runs in ${store.location} yet: racelab run keeps each one there\n`,
      );
    } else {
      output.stdout.write(`${historyTable(page.runs).join('\n')}\n`);
      const more = page.nextCursor === undefined ? '' : `; more match: --limit up to 100, or --csv for all`;
      const unverified = page.runs.some((run) => !run.verified) ? '; * sent in from elsewhere, unverified' : '';
      output.stderr.write(`${page.runs.length} newest from ${store.location}${more}${unverified}\n`);
    }
    return 0;
  });
}

async function stream(
  store: RunStore,
  criteria: Parameters<RunStore['scan']>[0],
  format: 'csv' | 'ndjson',
  output: CommandOutput,
): Promise<void> {
  if (format === 'csv') output.stdout.write(CSV_HEADER);
  for await (const run of store.scan(criteria)) {
    output.stdout.write(format === 'csv' ? csvRecord(run) : `${JSON.stringify(run)}\n`);
  }
}
