import { Buffer } from 'node:buffer';
import { mkdir, open } from 'node:fs/promises';
import { dirname } from 'node:path';
import { pathToFileURL } from 'node:url';
import { type Client, createClient } from '@libsql/client';
import { LibsqlDialect } from '@libsql/kysely-libsql';
import { Kysely, SqliteAdapter } from 'kysely';
import { NotRacelabDatabaseError } from '../errors.js';
import { storeFailure } from './errors.js';
import type { SqlDatabase } from './sql-database.js';
import type { StoreTables } from './tables.js';

export interface SqliteOptions {
  /** How long a write waits for another process's write to finish before failing (default 5,000 ms). */
  busyTimeoutMs?: number;
}

const SQLITE_HEADER = 'SQLite format 3\0';

/** SQLite runs DDL inside transactions, so each migration is all or nothing and two processes migrate one at a time. */
class TransactionalSqliteAdapter extends SqliteAdapter {
  override get supportsTransactionalDdl(): boolean {
    return true;
  }
}

class RacelabLibsqlDialect extends LibsqlDialect {
  override createAdapter(): SqliteAdapter {
    return new TransactionalSqliteAdapter();
  }
}

/**
 * Opens (creating on first use) the SQLite file at `path` through libSQL. A file that is not an
 * SQLite database is refused before anything opens it; WAL lets the CLI and a local API write one
 * file at once, each waiting up to the busy timeout for the other's write.
 */
export async function openSqlite(path: string, options: SqliteOptions = {}): Promise<SqlDatabase> {
  await checkSqliteFile(path);
  let client: Client;
  try {
    await mkdir(dirname(path), { recursive: true });
    client = createClient({
      url: pathToFileURL(path).href,
      timeout: options.busyTimeoutMs ?? 5_000,
      intMode: 'number',
    });
  } catch (error) {
    throw storeFailure(path, error);
  }
  const db = new Kysely<StoreTables>({ dialect: new RacelabLibsqlDialect({ client }) });
  return {
    engine: 'sqlite',
    location: path,
    db,
    isEmptyElsewhere: true,
    async listTables() {
      const result = await client.execute("select name from sqlite_master where type = 'table'");
      return result.rows.map((row) => String(row.name)).filter((name) => !name.startsWith('sqlite_'));
    },
    async prepare() {
      // Persistent in the file; a read-only file stays in its own mode and the store still reads.
      await client.execute('pragma journal_mode = wal');
    },
    async destroy() {
      await db.destroy();
      client.close();
    },
  };
}

/** Refuses, without opening it, a file whose first bytes are not SQLite's header. */
async function checkSqliteFile(path: string): Promise<void> {
  let handle: Awaited<ReturnType<typeof open>> | undefined;
  try {
    handle = await open(path, 'r');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return;
    if ((error as NodeJS.ErrnoException).code === 'EISDIR') throw new NotRacelabDatabaseError(path, 'a directory');
    throw storeFailure(path, error);
  }
  try {
    const header = Buffer.alloc(16);
    const { bytesRead } = await handle.read(header, 0, 16, 0);
    // An empty file is an empty database to SQLite: it becomes a racelab one.
    if (bytesRead === 0) return;
    if (bytesRead < 16 || header.toString('latin1') !== SQLITE_HEADER) {
      throw new NotRacelabDatabaseError(path, 'not an SQLite file');
    }
  } finally {
    await handle.close();
  }
}
