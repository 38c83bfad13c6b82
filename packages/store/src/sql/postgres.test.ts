import { afterAll, describe, expect, it } from 'vitest';
import { DatabaseTooNewError, NotRacelabDatabaseError, StoreRejectedError, StoreUnavailableError } from '../errors.js';
import { SCHEMA_VERSION } from '../migrations/index.js';
import { openRunStore } from '../open.js';
import { createTestDatabase } from '../testing/postgres-database.js';
import { startPostgresServer } from '../testing/postgres-server.js';
import { postgresUrlForTests } from '../testing/postgres-url.js';
import { makeStoredRun } from '../testing/runs.js';
import { postgresStatement } from '../testing/statement.js';
import { migrate } from './migrate.js';
import { openPostgres } from './postgres.js';
import { SqlRunStore } from './sql-store.js';

const serverUrl = postgresUrlForTests();
const drops: Array<() => Promise<void>> = [];
afterAll(async () => {
  for (const drop of drops) await drop();
});

async function freshDatabase(): Promise<string> {
  const database = await createTestDatabase(serverUrl!, 'pg');
  drops.push(database.drop);
  return database.url;
}

const query = postgresStatement;

describe.skipIf(!serverUrl)('PostgreSQL store', () => {
  it('migrates a database made by an older racelab on open, keeping its runs', async () => {
    const url = await freshDatabase();
    const old = openPostgres(url, url);
    await migrate(old, { target: '0001-runs' });
    await new SqlRunStore(old).save(makeStoredRun({ id: 'old-run', host: 'lab-1' }));
    await old.destroy();
    expect(await query(url, "select indexname from pg_indexes where indexname = 'runs_host'")).toEqual([]);

    const store = await openRunStore(url);
    expect((await store.list({ host: 'lab-1' }, { limit: 5 })).runs.map((run) => run.id)).toEqual(['old-run']);
    await store.close();
    const applied = await query(url, 'select name from racelab_migration order by name');
    expect(applied.map((row) => row.name)).toEqual(['0001-runs', '0002-run-filters', '0003-hosts', '0004-schema-mark']);
    expect(await query(url, "select indexname from pg_indexes where indexname = 'runs_host'")).toHaveLength(1);
  });

  it('refuses a database from a newer racelab, naming both versions, changing nothing', async () => {
    const url = await freshDatabase();
    await (await openRunStore(url)).close();
    await query(url, "insert into racelab_migration (name, timestamp) values ('0012-from-the-future', 'x')");
    // One that stopped reading what this racelab writes (see rolling-upgrade.test.ts for the rest).
    await query(url, 'update racelab_schema set compatible_from = 12');
    const error = await openRunStore(url).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(DatabaseTooNewError);
    expect(error).toMatchObject({ databaseVersion: 12, supportedVersion: SCHEMA_VERSION });
    expect((error as Error).message).toContain(
      `has schema version 12, which needs racelab schema version 12 or newer; this racelab has schema version ${SCHEMA_VERSION}`,
    );
  });

  it("refuses a database whose runs table is another program's, leaving it untouched", async () => {
    const url = await freshDatabase();
    await query(url, 'create table runs (lap integer); insert into runs values (1), (2)');
    const error = await openRunStore(url).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(NotRacelabDatabaseError);
    expect(await query(url, 'select lap from runs order by lap')).toEqual([{ lap: 1 }, { lap: 2 }]);
    expect(await query(url, "select to_regclass('racelab_migration') as found")).toEqual([{ found: null }]);
  });

  it('answers store_rejected, not store_unavailable, for a run the server refuses', async () => {
    const url = await freshDatabase();
    const store = await openRunStore(url);
    await query(url, "alter table runs add constraint no_forbidden check (host is distinct from 'forbidden')");
    try {
      const error = await store
        .save(makeStoredRun({ id: 'refused', host: 'forbidden' }))
        .catch((caught: unknown) => caught);
      expect(error).toBeInstanceOf(StoreRejectedError);
      expect(error).toMatchObject({ code: 'store_rejected', status: 400 });
      expect((error as Error).message).toContain('no_forbidden');
      await store.save(makeStoredRun({ id: 'fine', host: 'lab-1' }));
      expect((await store.get('fine'))?.id).toBe('fine');
    } finally {
      await store.close();
    }
  });

  it("shares a database with other programs' tables", async () => {
    const url = await freshDatabase();
    await query(url, 'create table invoices (id integer)');
    const store = await openRunStore(url);
    await store.save(makeStoredRun({ id: 'shared' }));
    expect((await store.get('shared'))?.id).toBe('shared');
    await store.close();
  });

  it('answers store_unavailable while the server is down, not hanging, and recovers when it is back', async () => {
    const server = (await startPostgresServer())!;
    try {
      const store = await openRunStore(server.url, { connectTimeoutMs: 2_000 });
      await store.save(makeStoredRun({ id: 'before' }));
      await server.stop();
      for (const attempt of [
        store.save(makeStoredRun({ id: 'during' })),
        store.get('before'),
        store.list({}, { limit: 5 }),
      ]) {
        const error = await attempt.catch((caught: unknown) => caught);
        expect(error).toBeInstanceOf(StoreUnavailableError);
        expect(error).toMatchObject({ code: 'store_unavailable', status: 503 });
      }
      await expect(openRunStore(server.url)).rejects.toBeInstanceOf(StoreUnavailableError);
      await server.start();
      await store.save(makeStoredRun({ id: 'after', createdAt: '2026-12-03T12:01:00.000Z' }));
      expect((await store.list({}, { limit: 5 })).runs.map((run) => run.id)).toEqual(['after', 'before']);
      await store.close();
    } finally {
      await server.remove();
    }
  }, 120_000);
});
