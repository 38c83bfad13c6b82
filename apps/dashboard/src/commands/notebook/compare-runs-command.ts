import type { StoredRun } from '@racelab/schema';
import { paintFor } from '../../format/paint.js';
import { storedRunsComparison } from '../../format/stored-run-report.js';
import type { CommandOutput } from '../output.js';
import { withNotebook } from './with-notebook.js';

/** `racelab compare ID ID…`: stored runs side by side; every missing id is named, and nothing is printed then. */
export function compareRunsCommand(
  ids: readonly string[],
  json: boolean,
  database: string | undefined,
  output: CommandOutput,
): Promise<number> {
  return withNotebook(database, output, async (store) => {
    const runs: StoredRun[] = [];
    const missing: string[] = [];
    for (const id of ids) {
      const run = await store.get(id);
      if (run) runs.push(run);
      else missing.push(id);
    }
    if (missing.length > 0) {
      const what = missing.length === 1 ? `no run ${missing[0]}` : `no runs ${missing.join(', ')}`;
      output.stderr.write(`racelab: ${what} in ${store.location} (racelab history lists them)\n`);
      return 1;
    }
    output.stdout.write(
      json ? `${JSON.stringify(runs, null, 2)}\n` : storedRunsComparison(runs, paintFor(output.stdout, output.env)),
    );
    return 0;
  });
}
