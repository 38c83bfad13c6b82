import type { RunStore } from '@racelab/store';
import { checkLocation, isMemoryOnly, openNotebook, storeProblem } from '../../notebook/open-notebook.js';
import type { CommandOutput } from '../output.js';

/**
 * Runs a reading command on the notebook and closes it after. A notebook that cannot be opened or
 * read is one line on stderr and exit code 1; a `--database` racelab cannot speak is exit code 2.
 */
export async function withNotebook(
  database: string | undefined,
  output: CommandOutput,
  read: (store: RunStore) => Promise<number>,
): Promise<number> {
  await checkLocation(database, output.env);
  if (isMemoryOnly(database, output.env)) {
    output.stderr.write('racelab: --database none keeps no runs between commands: there is nothing to read\n');
    return 1;
  }
  let store: RunStore;
  try {
    store = await openNotebook(database, output.env, 'read');
  } catch (error) {
    output.stderr.write(`racelab: ${storeProblem(error)}\n`);
    return 1;
  }
  try {
    return await read(store);
  } catch (error) {
    output.stderr.write(`racelab: ${storeProblem(error)}\n`);
    return 1;
  } finally {
    await store.close().catch(() => {});
  }
}
