import type { ExperimentResult, RunSource } from '@racelab/schema';
import type { RunStore } from '@racelab/store';
import type { NotebookFlags } from '../cli/args.js';
import type { CommandOutput } from '../commands/output.js';
import { checkLocationScheme, isMemoryOnly, openNotebook, storeProblem, usesSqlite } from './open-notebook.js';
import { storedRunOf } from './stored-run.js';

export interface RunSaver {
  /** Keeps the results; says `saved as <id>` or, in one line, why not. Never throws: the results are already printed. */
  save(results: readonly ExperimentResult[]): Promise<void>;
  /** Closes the notebook without saving (the command ended another way). */
  discard(): Promise<void>;
}

type Opened = { store: RunStore } | { problem: string };

/**
 * Loads the store and opens the notebook while the experiment runs (the workers start at once), so
 * its cost hides behind the run; a location that cannot be a notebook at all is refused first (exit
 * 2, nothing run). `undefined` when nothing is to be kept: `--no-save`, or `--database none`.
 */
export async function startSaving(
  flags: NotebookFlags,
  source: RunSource,
  output: CommandOutput,
): Promise<RunSaver | undefined> {
  if (!flags.save || isMemoryOnly(flags.database, output.env)) return undefined;
  checkLocationScheme(flags.database, output.env);
  // The SQLite driver first, before any worker starts: loading it asks Node for a diagnostic report
  // (to tell glibc from musl), which waits on every live thread: ~5 ms now, ~100 ms amid ten busy workers.
  // A driver that cannot load is said later, as "not saved", like any notebook problem.
  if (usesSqlite(flags.database, output.env)) await import('libsql').catch(() => {});
  const opening: Promise<Opened> = openNotebook(flags.database, output.env).then(
    (store) => ({ store }),
    (error: unknown) => ({ problem: storeProblem(error) }),
  );
  const close = async () => {
    const opened = await opening;
    if ('store' in opened) await opened.store.close().catch(() => {});
  };
  return {
    async save(results) {
      if (results.length === 0) return close();
      const opened = await opening;
      if ('problem' in opened) {
        output.stderr.write(`racelab: not saved: ${opened.problem}\n`);
        return;
      }
      try {
        for (const result of results) await opened.store.save(storedRunOf(result, source));
        const ids = results.map((result) => result.id).join(', ');
        output.stderr.write(`racelab: saved as ${ids} in ${opened.store.location}\n`);
      } catch (error) {
        output.stderr.write(`racelab: not saved: ${storeProblem(error)}\n`);
      } finally {
        await close();
      }
    },
    discard: close,
  };
}
