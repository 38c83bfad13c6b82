import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { copyFile, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import Database from 'libsql';
import { afterAll, describe, expect, it } from 'vitest';
import {
  CorruptRunError,
  DatabaseTooNewError,
  NotRacelabDatabaseError,
  StoreRejectedError,
  StoreUnavailableError,
} from '../errors.js';
import { SCHEMA_VERSION } from '../migrations/index.js';
import { openRunStore } from '../open.js';
import { makeStoredRun } from '../testing/runs.js';
import { sqliteStatement } from '../testing/statement.js';
import { migrate } from './migrate.js';
import { SqlRunStore } from './sql-store.js';
import { openReadOnly, openSqlite } from './sqlite.js';

const folder = await mkdtemp(join(tmpdir(), 'racelab-sqlite-'));
afterAll(() => rm(folder, { recursive: true, force: true }));
let files = 0;
const freshPath = () => join(folder, `db-${++files}`, 'racelab.db');

async function sha256(path: string): Promise<string> {
  return createHash('sha256')
    .update(await readFile(path))
    .digest('hex');
}

/** A statement run on the file directly, as another program would. */
const sqlite = sqliteStatement;

describe('SQLite store', () => {
  it('creates the file and its folders on first use, in WAL mode', async () => {
    const path = freshPath();
    const store = await openRunStore(path);
    expect(store).toMatchObject({ engine: 'sqlite', location: path });
    await store.save(makeStoredRun({ id: 'one' }));
    await store.close();
    expect(await sqlite(path, 'pragma journal_mode')).toEqual([{ journal_mode: 'wal' }]);
    const reopened = await openRunStore(`file://${path}`);
    expect((await reopened.get('one'))?.id).toBe('one');
    await reopened.close();
  });

  it('migrates a database made by an older racelab on open, keeping its runs', async () => {
    const path = freshPath();
    const old = await openSqlite(path);
    await migrate(old, { target: '0001-runs' });
    await old.destroy();
    expect(await sqlite(path, "select name from sqlite_master where type = 'index' and name = 'runs_host'")).toEqual(
      [],
    );
    // A run written by that version, with its own store code (the schema of 0001 is all it knew).
    const v1 = await openSqlite(path);
    await new SqlRunStore(v1).save(makeStoredRun({ id: 'old-run', host: 'lab-1' }));
    await v1.destroy();

    const store = await openRunStore(path);
    expect((await store.list({ host: 'lab-1' }, { limit: 5 })).runs.map((run) => run.id)).toEqual(['old-run']);
    await store.close();
    const applied = await sqlite(path, 'select name from racelab_migration order by name');
    expect(applied.map((row) => row.name)).toEqual(['0001-runs', '0002-run-filters', '0003-hosts', '0004-schema-mark']);
    expect(
      await sqlite(path, "select name from sqlite_master where type = 'index' and name = 'runs_host'"),
    ).toHaveLength(1);
  });

  it('refuses a database from a newer racelab, naming both versions, and leaves it as it was', async () => {
    const path = freshPath();
    const store = await openRunStore(path);
    await store.save(makeStoredRun({ id: 'kept' }));
    await store.close();
    await sqlite(path, "insert into racelab_migration (name, timestamp) values ('0009-from-the-future', 'x')");
    // One that stopped reading what this racelab writes (see rolling-upgrade.test.ts for the rest).
    await sqlite(path, 'update racelab_schema set compatible_from = 9');
    const before = await sha256(path);
    const error = await openRunStore(path).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(DatabaseTooNewError);
    expect(error).toMatchObject({ code: 'database_too_new', databaseVersion: 9, supportedVersion: SCHEMA_VERSION });
    expect((error as Error).message).toBe(
      `${path} has schema version 9, which needs racelab schema version 9 or newer; this racelab has schema version ${SCHEMA_VERSION}: upgrade racelab on this host, or use another --database`,
    );
    expect(await sha256(path)).toBe(before);
  });

  it('refuses a file that is not SQLite, leaving it byte-identical', async () => {
    const path = join(folder, 'notes.txt');
    await writeFile(path, 'my thesis, chapter 1\n'.repeat(100));
    const before = await sha256(path);
    const error = await openRunStore(path).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(NotRacelabDatabaseError);
    expect((error as Error).message).toContain('not an SQLite file');
    expect(await sha256(path)).toBe(before);
  });

  it("refuses another program's SQLite database, leaving it byte-identical", async () => {
    const path = join(folder, 'other.db');
    await sqlite(path, 'create table notes (id integer primary key, body text)');
    const before = await sha256(path);
    const error = await openRunStore(path).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(NotRacelabDatabaseError);
    expect(error).toMatchObject({ code: 'not_a_racelab_database' });
    expect((error as Error).message).toContain('it holds other tables: notes');
    expect(await sha256(path)).toBe(before);
  });

  it('answers store_rejected, not store_unavailable, for a run the database refuses', async () => {
    const path = freshPath();
    const store = await openRunStore(path);
    await sqlite(
      path,
      "create trigger no_forbidden before insert on runs when new.host = 'forbidden' begin select raise(abort, 'no forbidden host'); end",
    );
    try {
      const error = await store
        .save(makeStoredRun({ id: 'refused', host: 'forbidden' }))
        .catch((caught: unknown) => caught);
      expect(error).toBeInstanceOf(StoreRejectedError);
      expect(error).toMatchObject({ code: 'store_rejected', status: 400 });
      expect((error as Error).message).toContain('no forbidden host');
      // The store is still there for every other run.
      await store.save(makeStoredRun({ id: 'fine', host: 'lab-1' }));
      expect((await store.get('fine'))?.id).toBe('fine');
    } finally {
      await store.close();
    }
  });

  it('answers store_unavailable when another process holds the write lock past the busy timeout', async () => {
    const path = freshPath();
    const store = await openRunStore(path, { busyTimeoutMs: 50 });
    await store.save(makeStoredRun({ id: 'first' }));
    const other = new Database(path);
    other.exec('begin immediate');
    try {
      const error = await store.save(makeStoredRun({ id: 'blocked' })).catch((caught: unknown) => caught);
      expect(error).toBeInstanceOf(StoreUnavailableError);
      expect((error as Error).message).toMatch(/database is locked/i);
      // Reading still works while another process writes (WAL).
      expect((await store.get('first'))?.id).toBe('first');
    } finally {
      other.exec('rollback');
      other.close();
    }
    await store.save(makeStoredRun({ id: 'blocked' }));
    expect((await store.get('blocked'))?.id).toBe('blocked');
    await store.close();
  });

  it('names a stored run that no longer parses instead of returning it half-read', async () => {
    const path = freshPath();
    const store = await openRunStore(path);
    await store.save(makeStoredRun({ id: 'edited' }));
    await sqlite(path, `update runs set document = '{"id":"edited","status":"done"}' where id = 'edited'`);
    const error = await store.get('edited').catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(CorruptRunError);
    expect((error as Error).message).toContain('stored run edited does not match the StoredRun schema: status:');
    await store.close();
  });

  it('lets two processes write one file at once, both succeeding', async () => {
    const path = freshPath();
    const count = 200;
    const child = (name: string) =>
      new Promise<{ code: number | null; stderr: string }>((resolve, reject) => {
        // The built script, as a second racelab process would run.
        const script = join(import.meta.dirname, '..', '..', 'dist', 'testing', 'write-runs.js');
        const process = spawn('node', [script, path, name, String(count)], { stdio: ['ignore', 'ignore', 'pipe'] });
        let stderr = '';
        process.stderr.on('data', (chunk: Buffer) => {
          stderr += chunk;
        });
        process.on('error', reject);
        process.on('exit', (code) => resolve({ code, stderr }));
      });
    const results = await Promise.all([child('a'), child('b')]);
    for (const result of results) expect(result).toEqual({ code: 0, stderr: '' });
    const store = await openRunStore(path);
    const ids = [];
    for await (const run of store.scan({})) ids.push(run.id);
    await store.close();
    expect(ids).toHaveLength(2 * count);
    expect(await sqlite(path, 'pragma integrity_check')).toEqual([{ integrity_check: 'ok' }]);
  }, 120_000);

  it('keeps every run whose save resolved when the writing process is killed (kill -9)', async () => {
    const path = freshPath();
    const script = join(import.meta.dirname, '..', '..', 'dist', 'testing', 'write-runs.js');
    const child = spawn('node', [script, path, 'crash', '0'], { stdio: ['ignore', 'pipe', 'inherit'] });
    const acknowledged: string[] = [];
    await new Promise<void>((resolve, reject) => {
      let buffered = '';
      child.on('error', reject);
      child.stdout.on('data', (chunk: Buffer) => {
        buffered += chunk;
        const lines = buffered.split('\n');
        buffered = lines.pop() ?? '';
        acknowledged.push(...lines);
        // Killed mid-stream: more saves are in flight when the signal lands.
        if (acknowledged.length >= 300 && child.exitCode === null && !child.killed) child.kill('SIGKILL');
      });
      child.on('exit', () => resolve());
    });
    expect(child.signalCode).toBe('SIGKILL');
    expect(await sqlite(path, 'pragma integrity_check')).toEqual([{ integrity_check: 'ok' }]);
    const store = await openRunStore(path);
    const stored = new Set<string>();
    for await (const run of store.scan({})) stored.add(run.id);
    await store.close();
    expect(acknowledged.filter((id) => !stored.has(id))).toEqual([]);
    expect(stored.size).toBeGreaterThanOrEqual(acknowledged.length);
  }, 120_000);
});

describe('SQLite store opened read-only (history, show, compare)', () => {
  async function notebookWith(ids: string[]): Promise<string> {
    const path = freshPath();
    const store = await openRunStore(path);
    for (const id of ids) await store.save(makeStoredRun({ id }));
    await store.close();
    return path;
  }

  it('reads a notebook at this schema without writing it: its bytes stay the same, a save is refused', async () => {
    const path = await notebookWith(['first', 'second']);
    const before = await sha256(path);
    const store = await openRunStore(path, { readOnly: true });
    expect((await store.list({}, { limit: 10 })).runs.map((run) => run.id).sort()).toEqual(['first', 'second']);
    expect((await store.get('first'))?.id).toBe('first');
    const refused = await store.save(makeStoredRun({ id: 'third' })).catch((error: unknown) => error);
    expect(refused).toMatchObject({ code: 'store_unavailable' });
    expect((refused as Error).message).toContain('readonly');
    await store.close();
    expect(await sha256(path)).toBe(before);
  });

  /** Opens as `new Database` does, then fails every statement with `failure` (what SQLite answers someone). */
  const failingWith =
    (failure: { message: string; code: string; rawCode: number }) => (file: string, options: Database.Options) => {
      const connection = new Database(file, options);
      connection.prepare = () => {
        throw Object.assign(new Error(failure.message), { code: failure.code, rawCode: failure.rawCode });
      };
      return connection;
    };
  /** libSQL's words for a reader who may not write the folder: SQLITE_READONLY_DIRECTORY (8 | 6 << 8). */
  const folderRefused = failingWith({
    message: 'attempt to write a readonly database',
    code: 'UNKNOWN_SQLITE_ERROR_1544',
    rawCode: 1544,
  });

  /** A notebook with every commit in the file itself and no -wal beside it, as the last writer leaves one. */
  async function checkpointedCopy(ids: string[]): Promise<string> {
    const written = await notebookWith(ids);
    await sqlite(written, 'pragma wal_checkpoint(truncate)');
    const path = join(folder, `db-${++files}`, 'racelab.db');
    await mkdir(dirname(path));
    await copyFile(written, path);
    expect(existsSync(`${path}-wal`)).toBe(false);
    return path;
  }

  it('reads the file as immutable when its folder refuses the -shm a WAL read needs, and no -wal is there', async () => {
    const path = await checkpointedCopy(['kept']);
    const connection = openReadOnly(path, 1_000, folderRefused);
    expect(connection.prepare('select id from runs').all()).toEqual([expect.objectContaining({ id: 'kept' })]);
    expect(() => connection.prepare("insert into runs (id) values ('x')").run()).toThrow(/readonly|read-only/i);
    connection.close();
  });

  it('does not read as immutable while a -wal holds commits the file does not have yet', async () => {
    const path = await notebookWith(['kept']);
    const writer = new Database(path);
    writer.prepare("update runs set status = status where id = 'kept'").run();
    expect(existsSync(`${path}-wal`)).toBe(true);
    expect(() => openReadOnly(path, 1_000, folderRefused)).toThrow('attempt to write a readonly database');
    writer.close();
  });

  it('does not read as immutable past any other failure (a lock held past the timeout, a damaged file)', async () => {
    const path = await checkpointedCopy(['kept']);
    for (const failure of [
      { message: 'database is locked', code: 'SQLITE_BUSY', rawCode: 5 },
      { message: 'database disk image is malformed', code: 'SQLITE_CORRUPT', rawCode: 11 },
    ]) {
      expect(() => openReadOnly(path, 20, failingWith(failure))).toThrow(failure.message);
    }
  });

  it('migrates an older notebook (which writes it) and creates a missing one, as a plain open does', async () => {
    const older = freshPath();
    const old = await openSqlite(older);
    await migrate(old, { target: '0001-runs' });
    await new SqlRunStore(old).save(makeStoredRun({ id: 'old-run' }));
    await old.destroy();
    const store = await openRunStore(older, { readOnly: true });
    expect((await store.get('old-run'))?.id).toBe('old-run');
    await store.close();
    expect((await sqlite(older, 'select count(*) as n from racelab_migration'))[0]?.n).toBe(SCHEMA_VERSION);

    const missing = freshPath();
    const created = await openRunStore(missing, { readOnly: true });
    expect((await created.list({}, { limit: 1 })).runs).toEqual([]);
    await created.close();
    expect(existsSync(missing)).toBe(true);
  });

  it('still refuses what is not a racelab notebook, leaving it untouched', async () => {
    const path = freshPath();
    await mkdir(dirname(path));
    await sqlite(path, 'create table notes (text text)');
    const before = await sha256(path);
    const error = await openRunStore(path, { readOnly: true }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(NotRacelabDatabaseError);
    expect(await sha256(path)).toBe(before);
  });
});
