import { UsageError } from '@racelab/command-line';
import type { OpenRunStoreOptions, RunStore } from '@racelab/store';

/** `--database none` (or the environment's): runs stay in memory, so there is nothing to save or list. */
export function isMemoryOnly(database: string | undefined, env: NodeJS.ProcessEnv): boolean {
  return (database ?? env[DATABASE_VARIABLE])?.trim() === 'none';
}

/** The notebook is an SQLite file: anything but `none` and a PostgreSQL URL (checked before the store loads). */
export function usesSqlite(database: string | undefined, env: NodeJS.ProcessEnv): boolean {
  const given = (database ?? env[DATABASE_VARIABLE])?.trim();
  return given !== 'none' && !(given !== undefined && /^postgres(ql)?:\/\//i.test(given));
}

/**
 * Opens the notebook `--database` names. The store and its drivers are imported here, on first use,
 * so commands that keep nothing (`--no-save`, `--help`) never load them. `read`: the command only
 * reads (`history`, `show`, `compare`).
 */
export async function openNotebook(
  database: string | undefined,
  env: NodeJS.ProcessEnv,
  access: 'read' | 'write' = 'write',
): Promise<RunStore> {
  const { openRunStore } = await import('@racelab/store');
  // Reading only, an SQLite notebook opens read-only: another user's notebook reads too.
  const options: OpenRunStoreOptions = { env, readOnly: access === 'read' };
  return openRunStore(database, options);
}

/** Checks `--database` before anything runs: a location racelab cannot speak is a usage error (exit 2). */
export async function checkLocation(database: string | undefined, env: NodeJS.ProcessEnv): Promise<void> {
  const { resolveLocation, StoreError } = await import('@racelab/store');
  try {
    resolveLocation(database, { env });
  } catch (error) {
    if (!(error instanceof StoreError)) throw error;
    // The store says `database: …`; the user typed the flag (or set the variable).
    const named = database === undefined ? DATABASE_VARIABLE : '--database';
    throw new UsageError(error.message.replace(/^database:/, `${named}:`));
  }
}

const DATABASE_VARIABLE = 'RACELAB_DATABASE_URL';

/**
 * The check `racelab run` can make before the store is loaded: a `scheme://` racelab does not speak
 * (`mysql://…`) is bad usage, refused before anything runs. The store's own parse follows while the
 * experiment runs; what only it can tell (a malformed PostgreSQL URL) is then said as "not saved".
 */
export function checkLocationScheme(database: string | undefined, env: NodeJS.ProcessEnv): void {
  const given = (database ?? env[DATABASE_VARIABLE])?.trim();
  const scheme = given ? /^([a-z][a-z0-9+.-]+):\/\//i.exec(given)?.[1]?.toLowerCase() : undefined;
  if (scheme === undefined || scheme === 'postgres' || scheme === 'postgresql' || scheme === 'file') return;
  const named = database === undefined ? DATABASE_VARIABLE : '--database';
  throw new UsageError(
    `${named}: ${scheme}: is not supported; give a file path, a file: URL, postgres://user@host/db, or none`,
  );
}

/** One line on why the notebook could not be used; store errors already name the file or server. */
export function storeProblem(error: unknown): string {
  return error instanceof Error ? error.message.replace(/\s*\n\s*/g, '; ') : String(error);
}
