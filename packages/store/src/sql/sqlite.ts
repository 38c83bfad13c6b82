import { existsSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { dirname } from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
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
import { isSqliteBusy, storeFailure } from './errors.js';
import type { SqlDatabase } from './sql-database.js';
import { checkSqliteFile } from './sqlite-file.js';
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
 * `begin immediate`: a transaction takes the write lock when it starts. A plain `begin` that reads
 * and then writes can fail at once with SQLITE_BUSY when another process wrote meanwhile, without
 * waiting at all.
 *
 * Waiting for another process's lock does not block the event loop: libSQL waits synchronously, so
 * the connection's own busy timeout is a few milliseconds (`BUSY_SLICE_MS`) and a statement that
 * still finds the lock taken is tried again after an asynchronous pause, up to the busy timeout.
 * Only what did not start is tried again: a `begin`, or a statement outside a transaction (in WAL
 * mode, one inside a transaction begun `immediate` holds the lock already and is never busy).
 */
class ImmediateSqliteDriver extends SqliteDriver {
  readonly #busyTimeoutMs: number;
  readonly #inTransaction: () => boolean;

  constructor(config: { database: SqliteDatabase }, busyTimeoutMs: number, inTransaction: () => boolean) {
    super(config);
    this.#busyTimeoutMs = busyTimeoutMs;
    this.#inTransaction = inTransaction;
  }

  override async acquireConnection(): Promise<DatabaseConnection> {
    const connection = await super.acquireConnection();
    return {
      executeQuery: (query) =>
        waitWhileBusy(
          () => connection.executeQuery(query),
          this.#busyTimeoutMs,
          () => !this.#inTransaction(),
        ),
      streamQuery: (query, chunkSize) => connection.streamQuery(query, chunkSize),
    };
  }

  override async beginTransaction(connection: DatabaseConnection): Promise<void> {
    await connection.executeQuery(CompiledQuery.raw('begin immediate'));
  }
}

/** Runs `statement`, trying again after a growing asynchronous pause while it is busy and `mayRetry()`, up to `timeoutMs`. */
async function waitWhileBusy<T>(statement: () => Promise<T> | T, timeoutMs: number, mayRetry = () => true): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (let pause = 2; ; pause = Math.min(pause * 2, 50)) {
    try {
      return await statement();
    } catch (error) {
      if (!isSqliteBusy(error) || !mayRetry() || Date.now() + pause > deadline) throw error;
      await delay(pause);
    }
  }
}

/** How long one try waits, synchronously, for a lock another connection holds. */
const BUSY_SLICE_MS = 5;

class RacelabSqliteDialect extends SqliteDialect {
  readonly #busyTimeoutMs: number;
  readonly #inTransaction: () => boolean;

  constructor(
    readonly config: { database: SqliteDatabase },
    busyTimeoutMs: number,
    inTransaction: () => boolean,
  ) {
    super(config);
    this.#busyTimeoutMs = busyTimeoutMs;
    this.#inTransaction = inTransaction;
  }

  override createAdapter(): SqliteAdapter {
    return new TransactionalSqliteAdapter();
  }

  override createDriver(): SqliteDriver {
    return new ImmediateSqliteDriver(this.config, this.#busyTimeoutMs, this.#inTransaction);
  }
}

type SqliteValue = string | number | bigint | Uint8Array | null;

/** libSQL binds no booleans (it aborts the process on one): 1 and 0, as SQLite stores them. */
function bindable(parameters: readonly unknown[]): SqliteValue[] {
  return parameters.map((value) => {
    if (typeof value === 'boolean') return value ? 1 : 0;
    if (value === null || ['string', 'number', 'bigint'].includes(typeof value) || value instanceof Uint8Array) {
      return value as SqliteValue;
    }
    throw new TypeError(`cannot store a ${typeof value} in SQLite`);
  });
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
      connection = openReadOnly(path, BUSY_SLICE_MS);
    } else {
      await mkdir(dirname(path), { recursive: true });
      connection = new Database(path, { timeout: BUSY_SLICE_MS });
    }
  } catch (error) {
    throw storeFailure(path, error);
  }
  const dialect = new RacelabSqliteDialect({ database: kyselyDatabase(connection) }, timeout, () =>
    Boolean(connection.inTransaction),
  );
  const db = new Kysely<StoreTables>({ dialect });
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
      // Switching a new file to WAL takes its lock: another process creating it too may hold it.
      await waitWhileBusy(() => connection.exec('pragma journal_mode = wal'), timeout);
      connection.exec('pragma synchronous = normal');
    },
    async destroy() {
      await db.destroy();
    },
  };
}

/**
 * A read-only connection. A WAL file needs its `-shm` beside it, which a reader who may not write
 * the folder cannot create once the last writer removed it: then, with no `-wal` either (every
 * commit is in the file itself), the file is read as immutable. A writer that starts meanwhile is
 * not seen by this read; one that is live has its `-wal` there, and the plain read-only open is used.
 */
export function openReadOnly(
  path: string,
  timeout: number,
  // Tests stand in for a reader who may not write the folder (the suite runs as root, who may).
  openPlain: (file: string, options: Database.Options) => Database.Database = (file, options) =>
    new Database(file, options),
): Database.Database {
  // libSQL takes no `readonly` option: SQLite's URI parameters say it.
  const uri = pathToFileURL(path).href;
  const connection = openPlain(`${uri}?mode=ro`, { timeout });
  try {
    connection.prepare('select count(*) from sqlite_master').get();
    return connection;
  } catch (error) {
    connection.close();
    if (existsSync(`${path}-wal`)) throw error;
    const immutable = new Database(`${uri}?mode=ro&immutable=1`, { timeout });
    try {
      immutable.prepare('select count(*) from sqlite_master').get();
    } catch (immutableError) {
      immutable.close();
      throw immutableError;
    }
    return immutable;
  }
}
