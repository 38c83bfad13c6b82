import { existsSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { dirname } from 'node:path';
import { pathToFileURL } from 'node:url';
import {
  CompiledQuery,
  type DatabaseConnection,
  Kysely,
  SqliteAdapter,
  type SqliteDatabase,
  SqliteDialect,
  SqliteDriver,
  type SqliteStatement,
} from 'kysely';
import Database from 'libsql';
import { storeFailure } from './errors.js';
import type { SqlDatabase } from './sql-database.js';
import { checkSqliteFile } from './sqlite-file.js';
import { bindable } from './sqlite-values.js';
import type { StoreTables } from './tables.js';

export interface SqliteOptions {
  /** How long a write waits for another process's write to finish before failing (default 5,000 ms). */
  busyTimeoutMs?: number;
  /**
   * Opens an existing file read-only (commands that only read: `history`, `show`, `compare`), so a
   * notebook this user may read but not write (another user's) reads. A missing file is created as usual.
   */
  readOnly?: boolean;
}

/** SQLite runs DDL inside transactions, so each migration is all or nothing and two processes migrate one at a time. */
class TransactionalSqliteAdapter extends SqliteAdapter {
  override get supportsTransactionalDdl(): boolean {
    return true;
  }
}

/**
 * `begin immediate`: a transaction takes the write lock when it starts, waiting up to the busy
 * timeout. A plain `begin` that reads and then writes can fail at once with SQLITE_BUSY when
 * another process wrote meanwhile, without waiting at all.
 */
class ImmediateSqliteDriver extends SqliteDriver {
  override async beginTransaction(connection: DatabaseConnection): Promise<void> {
    await connection.executeQuery(CompiledQuery.raw('begin immediate'));
  }
}

class RacelabSqliteDialect extends SqliteDialect {
  constructor(readonly config: { database: SqliteDatabase }) {
    super(config);
  }

  override createAdapter(): SqliteAdapter {
    return new TransactionalSqliteAdapter();
  }

  override createDriver(): SqliteDriver {
    return new ImmediateSqliteDriver(this.config);
  }
}

/** libSQL's better-sqlite3-style connection, as Kysely's SQLite driver expects it. */
function kyselyDatabase(connection: Database.Database): SqliteDatabase {
  return {
    close: () => connection.close(),
    prepare(sql: string): SqliteStatement {
      const statement = connection.prepare(sql);
      return {
        reader: statement.reader,
        all: (parameters) => statement.all(bindable(parameters)),
        run: (parameters) => {
          const { changes, lastInsertRowid } = statement.run(bindable(parameters));
          return { changes, lastInsertRowid };
        },
        iterate: (parameters) => statement.iterate(bindable(parameters)),
      };
    },
  };
}

/**
 * Opens (creating on first use) the SQLite file at `path` through libSQL. A file that is not an
 * SQLite database is refused before anything opens it. One connection per process, serialized by
 * Kysely; WAL lets the CLI and a local API write one file at once, each waiting up to the busy
 * timeout for the other's write; `synchronous = normal` (WAL's usual pairing) makes a commit an
 * append to the log, safe against a process crash (kill -9), and fsyncs at checkpoints.
 */
export async function openSqlite(path: string, options: SqliteOptions = {}): Promise<SqlDatabase> {
  await checkSqliteFile(path);
  const timeout = options.busyTimeoutMs ?? 5_000;
  const readOnly = options.readOnly === true && existsSync(path);
  let connection: Database.Database;
  try {
    if (readOnly) {
      connection = openReadOnly(path, timeout);
    } else {
      await mkdir(dirname(path), { recursive: true });
      connection = new Database(path, { timeout });
    }
  } catch (error) {
    throw storeFailure(path, error);
  }
  const db = new Kysely<StoreTables>({ dialect: new RacelabSqliteDialect({ database: kyselyDatabase(connection) }) });
  return {
    engine: 'sqlite',
    location: path,
    db,
    isEmptyElsewhere: true,
    async listTables() {
      const rows = connection.prepare("select name from sqlite_master where type = 'table'").all() as Array<{
        name: string;
      }>;
      return rows.map((row) => row.name).filter((name) => !name.startsWith('sqlite_'));
    },
    async prepare() {
      if (readOnly) return;
      // journal_mode is kept in the file (a read-only file stays in its own mode and still reads);
      // synchronous is per connection.
      connection.exec('pragma journal_mode = wal');
      connection.exec('pragma synchronous = normal');
    },
    async destroy() {
      await db.destroy();
    },
  };
}

/**
 * A read-only connection. A WAL file needs its `-shm` beside it, which a reader who may not write
 * the folder cannot create once the last writer removed it (SQLite refuses: SQLITE_READONLY or
 * SQLITE_CANTOPEN): then, with no `-wal` either (every commit is in the file itself), the file is
 * read as immutable. A writer that starts meanwhile is not seen by this read; one that is live has
 * its `-wal` there, and the refusal stands. Any other failure (busy past `timeoutMs`, I/O, a
 * damaged file) stands too: immutable reads ignore locks and journals.
 */
export function openReadOnly(
  path: string,
  timeoutMs: number,
  // Tests stand in for a reader who may not write the folder (the suite runs as root, who may).
  openPlain: (file: string, options: Database.Options) => Database.Database = (file, options) =>
    new Database(file, options),
): Database.Database {
  // libSQL takes no `readonly` option: SQLite's URI parameters say it.
  const uri = pathToFileURL(path).href;
  const connection = openPlain(`${uri}?mode=ro`, { timeout: timeoutMs });
  try {
    connection.prepare('select count(*) from sqlite_master').get();
    return connection;
  } catch (error) {
    connection.close();
    if (!isShmRefused(error) || existsSync(`${path}-wal`)) throw error;
  }
  const immutable = new Database(`${uri}?mode=ro&immutable=1`, { timeout: timeoutMs });
  try {
    immutable.prepare('select count(*) from sqlite_master').get();
    return immutable;
  } catch (error) {
    immutable.close();
    throw error;
  }
}

/** SQLITE_READONLY (8) or SQLITE_CANTOPEN (14), by the primary result code libSQL gives as `rawCode`. */
function isShmRefused(error: unknown): boolean {
  const rawCode = (error as { rawCode?: unknown } | null)?.rawCode;
  return typeof rawCode === 'number' && [8, 14].includes(rawCode & 0xff);
}
