import { type LocationContext, resolveLocation } from './location.js';
import { MemoryRunStore } from './memory/memory-store.js';
import type { RunStore } from './run-store.js';
import { guarded } from './sql/errors.js';
import { isReadyAsIs, migrate } from './sql/migrate.js';
import type { PostgresOptions } from './sql/postgres.js';
import type { SqlDatabase } from './sql/sql-database.js';
import { SqlRunStore } from './sql/sql-store.js';
import type { SqliteOptions } from './sql/sqlite.js';

export interface OpenRunStoreOptions extends LocationContext, SqliteOptions, PostgresOptions {
  /** `none`: how many ended runs memory keeps, oldest dropped first (default 100, like `--history`). */
  memoryLimit?: number;
}

/**
 * Opens the notebook `location` names, creating and migrating it as needed:
 * - `none`: memory only, at most `memoryLimit` ended runs;
 * - `postgres://…` / `postgresql://…`: a PostgreSQL database;
 * - a path or a `file:` URL: an SQLite file;
 * - nothing: `RACELAB_DATABASE_URL`, else `$XDG_DATA_HOME/racelab/racelab.db` (`~/.local/share/racelab/racelab.db`).
 *
 * `readOnly` (SQLite): an existing file at this racelab's schema opens read-only, writing nothing
 * (a notebook this user may only read works); a new or older file is created or migrated as usual.
 *
 * A database a newer racelab migrated opens as it is when its "compatible from" mark allows this
 * racelab's schema version (see `migrate`). Throws `BadLocationError`, `NotRacelabDatabaseError`
 * (the location is left untouched), `DatabaseTooNewError` (naming the database's schema version,
 * the one it needs and this racelab's), `LabHostsTooOldError` (a migration would break live hosts
 * of the lab; nothing changed) or `StoreUnavailableError`.
 */
export async function openRunStore(location?: string, options: OpenRunStoreOptions = {}): Promise<RunStore> {
  const resolved = resolveLocation(location, options);
  if (resolved.engine === 'memory') return new MemoryRunStore(options.memoryLimit);
  if (resolved.engine === 'sqlite' && options.readOnly) {
    const reading = await (await import('./sql/sqlite.js')).openSqlite(resolved.path, options);
    const ready = await guarded(reading.location, () => isReadyAsIs(reading)).catch(async (error: unknown) => {
      await reading.destroy().catch(() => {});
      throw error;
    });
    if (ready) return new SqlRunStore(reading);
    // A new file, or one an older racelab wrote: made ready once, which writes it.
    await reading.destroy();
    return openRunStore(location, { ...options, readOnly: false });
  }
  // Each driver loads only when its engine is used: a CLI saving to SQLite never loads node-postgres.
  const database =
    resolved.engine === 'sqlite'
      ? await (await import('./sql/sqlite.js')).openSqlite(resolved.path, options)
      : (await import('./sql/postgres.js')).openPostgres(resolved.url, resolved.display, options);
  await migrateOrClose(database);
  return new SqlRunStore(database);
}

async function migrateOrClose(database: SqlDatabase): Promise<void> {
  try {
    await guarded(database.location, () => migrate(database));
  } catch (error) {
    await database.destroy().catch(() => {});
    throw error;
  }
}
