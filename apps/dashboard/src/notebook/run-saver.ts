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
  if (usesSqlite(flags.database, output.env)) return sqliteSaver(flags, source, output);
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

/**
 * An SQLite notebook: the driver and the quick insert load now, before any worker starts (loading
 * libSQL asks Node for a diagnostic report, to tell glibc from musl, which waits on every live
 * thread: ~5 ms now, ~100 ms amid ten busy workers). The results then go in with one prepared insert
 * when the notebook is at this racelab's schema; otherwise (a new file, an older schema, a file that
 * is not a notebook) the full store opens it, creating, migrating or refusing it as usual.
 */
async function sqliteSaver(flags: NotebookFlags, source: RunSource, output: CommandOutput): Promise<RunSaver> {
  // A driver that cannot load is said later, as "not saved", like any notebook problem.
  const quick = await import('@racelab/store/sqlite-append').catch(() => undefined);
  return {
    async save(results) {
      if (results.length === 0) return;
      const runs = results.map((result) => storedRunOf(result, source));
      try {
        const appended = quick ? await quick.appendRuns(flags.database, runs, { env: output.env }) : false;
        let location: string;
        if (appended) {
          location = appended.location;
        } else {
          const store = await openNotebook(flags.database, output.env);
          try {
            for (const run of runs) await store.save(run);
            location = store.location;
          } finally {
            await store.close().catch(() => {});
          }
        }
        const ids = results.map((result) => result.id).join(', ');
        output.stderr.write(`racelab: saved as ${ids} in ${location}\n`);
      } catch (error) {
        output.stderr.write(`racelab: not saved: ${storeProblem(error)}\n`);
      }
    },
    async discard() {},
  };
}
