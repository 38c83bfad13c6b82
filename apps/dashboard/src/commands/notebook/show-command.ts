import { paintFor } from '../../format/paint.js';
import { storedRunReport } from '../../format/stored-run-report.js';
import type { CommandOutput } from '../output.js';
import { withNotebook } from './with-notebook.js';

/** `racelab show ID`: one stored run, as `racelab run` printed it plus where it came from; `--json` the StoredRun. */
export function showCommand(
  id: string,
  json: boolean,
  database: string | undefined,
  output: CommandOutput,
): Promise<number> {
  return withNotebook(database, output, async (store) => {
    const run = await store.get(id);
    if (!run) {
      output.stderr.write(`racelab: no run ${id} in ${store.location} (racelab history lists them)\n`);
      return 1;
    }
    output.stdout.write(
      json ? `${JSON.stringify(run, null, 2)}\n` : storedRunReport(run, paintFor(output.stdout, output.env)),
    );
    return 0;
  });
}
