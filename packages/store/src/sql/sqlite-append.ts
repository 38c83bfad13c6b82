/**
 * The quick way to keep new runs in an SQLite notebook that is already at this racelab's schema:
 * the driver and one prepared insert, without the query builder and its migrator. `racelab run`
 * keeps each result this way, so saving costs a few milliseconds on top of loading libSQL, not the
 * ~30 ms it takes to load Kysely. Anything else (no file yet, an older or newer schema, not our
 * file) answers `false`, and the caller opens the notebook the full way (`openRunStore`), which
 * creates, migrates or refuses it as usual.
 *
 * The insert is `RunStore.insert`'s: new runs only (`run_exists` for an id already kept), the same
 * row (`toRow`), validated the same way; the conformance test reads such runs back through the store.
 */
import { stat } from 'node:fs/promises';
import type { StoredRun } from '@racelab/schema';
import Database from 'libsql';
import { RunExistsError } from '../errors.js';
import { type LocationContext, resolveLocation } from '../location.js';
import { MIGRATIONS } from '../migrations/index.js';
import { validRun } from '../runs.js';
import { storeFailure } from './errors.js';
import { toRow } from './rows.js';
import { checkSqliteFile } from './sqlite-file.js';
import { bindable } from './sqlite-values.js';

export interface AppendOptions extends LocationContext {
  busyTimeoutMs?: number;
}

/** Where the runs went: `false` when the notebook needs the full store (see above). */
export type Appended = { location: string } | false;

export async function appendRuns(
  location: string | undefined,
  runs: readonly StoredRun[],
  options: AppendOptions = {},
): Promise<Appended> {
  const resolved = resolveLocation(location, options);
  if (resolved.engine !== 'sqlite') return false;
  const { path } = resolved;
  const rows = runs.map((run) => toRow(validRun(run)));
  try {
    if (!(await stat(path)).isFile()) return false;
  } catch {
    return false;
  }
  await checkSqliteFile(path);
  let connection: Database.Database;
  try {
    connection = new Database(path, { timeout: options.busyTimeoutMs ?? 5_000 });
  } catch (error) {
    throw storeFailure(path, error);
  }
  try {
    if (!isCurrent(connection)) return false;
    connection.exec('pragma synchronous = normal');
    const [first] = rows;
    if (first === undefined) return { location: path };
    const columns = Object.keys(first);
    const insert = connection.prepare(
      `insert into runs (${columns.join(', ')}) values (${columns.map(() => '?').join(', ')}) on conflict (id) do nothing`,
    );
    connection.exec('begin immediate');
    try {
      for (const row of rows) {
        const values = bindable(columns.map((column) => (row as Record<string, unknown>)[column]));
        if (insert.run(values).changes === 0) throw new RunExistsError(String(row.id));
      }
      connection.exec('commit');
    } catch (error) {
      connection.exec('rollback');
      throw error;
    }
    return { location: path };
  } catch (error) {
    throw storeFailure(path, error);
  } finally {
    connection.close();
  }
}

/** Exactly this racelab's migrations applied: the tables are the ones `toRow` writes. */
function isCurrent(connection: Database.Database): boolean {
  let applied: string[];
  try {
    const rows = connection.prepare('select name from racelab_migration').all() as Array<{ name: string }>;
    applied = rows.map((row) => row.name);
  } catch {
    // No migration table: a new file, or not ours; the full store decides.
    return false;
  }
  const known = Object.keys(MIGRATIONS);
  return applied.length === known.length && known.every((name) => applied.includes(name));
}
