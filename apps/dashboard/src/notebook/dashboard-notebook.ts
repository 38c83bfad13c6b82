import type { ExperimentResult, StoredRun } from '@racelab/schema';
import type { RunStore } from '@racelab/store';
import type { NotebookFlags } from '../cli/args.js';
import { hostLabel, withHost } from './host-label.js';
import { openNotebook, storeProblem } from './open-notebook.js';
import { storedRunOf } from './stored-run.js';

/** What the live dashboard asks of the notebook; a fake in tests, the store in the `racelab` bin. */
export interface DashboardNotebook {
  /** Where the runs are kept, once known (a path, or a URL without its password). */
  readonly location: string | undefined;
  /** Keeps a finished run (`source: dashboard`); resolves to why it was not kept, or undefined. Never rejects. */
  save(result: ExperimentResult): Promise<string | undefined>;
  /** The newest runs, newest first; rejects with a one-line reason. */
  recent(limit: number): Promise<StoredRun[]>;
  close(): Promise<void>;
}

/**
 * The notebook of one dashboard session: opened on first use (the store loads only then) and kept
 * open until the dashboard exits, so each save is one insert.
 */
export function dashboardNotebook(flags: NotebookFlags, env: NodeJS.ProcessEnv): DashboardNotebook {
  let opening: Promise<RunStore> | undefined;
  let location: string | undefined;
  const host = hostLabel(flags.hostName);
  // Saves still running when the dashboard exits: close waits for them, so a run seen finished is kept.
  const pending = new Set<Promise<unknown>>();
  const store = () => {
    opening ??= openNotebook(flags.database, env).then((opened) => {
      location = opened.location;
      return opened;
    });
    // A failed open is retried on the next use: PostgreSQL may be back by then.
    opening.catch(() => {
      opening = undefined;
    });
    return opening;
  };
  return {
    get location() {
      return location;
    },
    async save(result) {
      if (!flags.save) return undefined;
      const saving = store().then((opened) => opened.save(storedRunOf(withHost(result, host), 'dashboard')));
      pending.add(saving);
      try {
        await saving;
        return undefined;
      } catch (error) {
        return storeProblem(error);
      } finally {
        pending.delete(saving);
      }
    },
    async recent(limit) {
      try {
        return (await (await store()).list({}, { limit })).runs;
      } catch (error) {
        throw new Error(storeProblem(error));
      }
    },
    async close() {
      await Promise.allSettled([...pending]);
      const open = opening;
      opening = undefined;
      if (open) await (await open.catch(() => undefined))?.close().catch(() => {});
    },
  };
}
