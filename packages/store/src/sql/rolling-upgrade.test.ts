import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Kysely } from 'kysely';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { DatabaseTooNewError, LabHostsTooOldError } from '../errors.js';
import { LabDatabase } from '../lab/lab-database.js';
import { MIGRATIONS, type MigrationSet, SCHEMA_VERSION } from '../migrations/index.js';
import { openRunStore } from '../open.js';
import { createTestDatabase } from '../testing/postgres-database.js';
import { postgresUrlForTests } from '../testing/postgres-url.js';
import { makeStoredRun } from '../testing/runs.js';
import { postgresStatement, sqliteStatement } from '../testing/statement.js';
import { migrate } from './migrate.js';
import { openPostgres } from './postgres.js';
import type { SqlDatabase } from './sql-database.js';
import { SqlRunStore } from './sql-store.js';
import { openSqlite } from './sqlite.js';

const serverUrl = postgresUrlForTests();
const folder = await mkdtemp(join(tmpdir(), 'racelab-rolling-'));
const cleanups: Array<() => Promise<void>> = [];
afterAll(async () => {
  for (const cleanup of cleanups.reverse()) await cleanup();
  await rm(folder, { recursive: true, force: true });
});

// biome-ignore lint/suspicious/noExplicitAny: a migration sees the database as it was then.
type AnyDb = Kysely<any>;

const NEXT = SCHEMA_VERSION + 1;
const name = (version: number, what: string) => `${String(version).padStart(4, '0')}-${what}`;

/** A newer racelab's additive migration: a table and a nullable column an older racelab ignores. */
const additive = {
  async up(db: AnyDb) {
    await db.schema
      .createTable('future_notes')
      .addColumn('id', 'text', (column) => column.primaryKey())
      .execute();
    await db.schema.alterTable('runs').addColumn('future_note', 'text').execute();
  },
};

/** A newer racelab's breaking migration: drops what racelab up to SCHEMA_VERSION reads (an index, standing in for a column). */
const breaking = (compatibleFrom: number) => ({
  compatibleFrom,
  async up(db: AnyDb) {
    await db.schema.dropIndex('runs_client_status').execute();
  },
});

const WITH_ADDITIVE: MigrationSet = { ...MIGRATIONS, [name(NEXT, 'future-notes')]: additive };
const WITH_BREAKING: MigrationSet = { ...MIGRATIONS, [name(NEXT, 'future-breaking')]: breaking(NEXT) };

interface Engine {
  fresh(): Promise<string>;
  open(location: string): Promise<SqlDatabase>;
  query(location: string, text: string): Promise<Array<Record<string, unknown>>>;
  tables(location: string): Promise<string[]>;
}

const sqliteEngine: Engine = {
  fresh: async () => join(folder, `db-${Math.random().toString(36).slice(2)}.db`),
  open: (location) => openSqlite(location),
  query: sqliteStatement,
  async tables(location) {
    const rows = await this.query(
      location,
      "select name from sqlite_master where type in ('table', 'index') order by name",
    );
    return rows.map((row) => String(row.name));
  },
};

const postgresEngine: Engine = {
  async fresh() {
    const database = await createTestDatabase(serverUrl!, 'rolling');
    cleanups.push(database.drop);
    return database.url;
  },
  open: async (location) => openPostgres(location, location),
  query: postgresStatement,
  async tables(location) {
    const rows = await this.query(
      location,
      'select tablename as name from pg_tables where schemaname = current_schema() union select indexname from pg_indexes where schemaname = current_schema() order by name',
    );
    return rows.map((row) => String(row.name));
  },
};

/** What a refusal must leave as it was: every table and index, the migrations applied, the mark, the runs. */
async function snapshot(engine: Engine, location: string): Promise<unknown> {
  return {
    tables: await engine.tables(location),
    migrations: (await engine.query(location, 'select name from racelab_migration order by name')).map(
      (row) => row.name,
    ),
    mark: await engine.query(location, 'select compatible_from from racelab_schema'),
    runs: (await engine.query(location, 'select id from runs order by id')).map((row) => row.id),
  };
}

/** The database as a newer racelab (one that knows `migrations`) leaves it, with that racelab's store on it. */
async function newerStore(engine: Engine, location: string, migrations: MigrationSet): Promise<SqlRunStore> {
  const database = await engine.open(location);
  try {
    await migrate(database, { migrations });
  } catch (error) {
    await database.destroy();
    throw error;
  }
  const store = new SqlRunStore(database);
  cleanups.push(() => store.close());
  return store;
}

async function mark(engine: Engine, location: string): Promise<number> {
  const rows = await engine.query(location, 'select compatible_from from racelab_schema');
  expect(rows).toHaveLength(1);
  return Number(rows[0]?.compatible_from);
}

const hostRow = (
  host: string,
  options: { schemaVersion?: number | null; writer?: string; lastSeenAt?: number; state?: string },
) => {
  const lastSeen = options.lastSeenAt ?? Date.now();
  const version = options.schemaVersion === undefined ? SCHEMA_VERSION : options.schemaVersion;
  const writer = options.writer ?? `${host}-instance`;
  return `insert into hosts (name, instance, cpus, cpu_model, runtime, version, state, started_at, last_seen_at, lease_ms, schema_version, schema_instance)
    values ('${host}', '${host}-instance', 2, 'test cpu', 'node v20', '0.1.0', '${options.state ?? 'idle'}', ${lastSeen}, ${lastSeen}, 10000,
    ${version === null ? 'null' : version}, ${version === null ? 'null' : `'${writer}'`})`;
};

describe.each([
  ['SQLite', sqliteEngine, false],
  ['PostgreSQL', postgresEngine, !serverUrl],
] as const)('rolling upgrades on %s', (_label, engine, skip) => {
  it.skipIf(skip)('starts a new database with the mark at 1 and every migration applied once', async () => {
    const location = await engine.fresh();
    await (await openRunStore(location)).close();
    expect(await mark(engine, location)).toBe(1);
    const applied = await engine.query(location, 'select name from racelab_migration order by name');
    expect(applied.map((row) => row.name)).toEqual(Object.keys(MIGRATIONS));
  });

  it.skipIf(skip)(
    'an older racelab works on a database a newer one migrated additively, and so does the newer',
    async () => {
      const location = await engine.fresh();
      await (await openRunStore(location)).close();
      const newer = await newerStore(engine, location, WITH_ADDITIVE);
      await newer.save(makeStoredRun({ id: 'from-newer', host: 'lab-new' }));
      const before = await snapshot(engine, location);

      const older = await openRunStore(location);
      try {
        await older.save(makeStoredRun({ id: 'from-older', host: 'lab-old' }));
        expect((await older.get('from-newer'))?.host).toBe('lab-new');
        expect((await older.list({}, { limit: 10 })).runs.map((run) => run.id).sort()).toEqual([
          'from-newer',
          'from-older',
        ]);
        expect((await older.list({ host: 'lab-old' }, { limit: 10 })).runs.map((run) => run.id)).toEqual([
          'from-older',
        ]);
      } finally {
        await older.close();
      }
      // The older racelab ran no migration, removed none and left the mark alone.
      const after = (await snapshot(engine, location)) as { runs: string[] };
      expect({ ...after, runs: [] }).toEqual({ ...(before as object), runs: [] });
      expect((await newer.get('from-older'))?.host).toBe('lab-old');
      expect((await newer.list({}, { limit: 10 })).runs).toHaveLength(2);
      expect(await mark(engine, location)).toBe(1);
    },
  );

  it.skipIf(skip)(
    'refuses a database whose mark is above this racelab, naming the three versions, changing nothing',
    async () => {
      const location = await engine.fresh();
      const first = await openRunStore(location);
      await first.save(makeStoredRun({ id: 'kept' }));
      await first.close();
      // Two versions ahead: NEXT is additive, NEXT + 1 stops reading what racelab NEXT - 1 (this one) needs.
      const future: MigrationSet = {
        ...WITH_ADDITIVE,
        [name(NEXT + 1, 'future-breaking')]: breaking(NEXT),
      };
      await (await newerStore(engine, location, future)).close();
      expect(await mark(engine, location)).toBe(NEXT);
      const before = await snapshot(engine, location);

      const error = await openRunStore(location).catch((caught: unknown) => caught);
      expect(error).toBeInstanceOf(DatabaseTooNewError);
      expect(error).toMatchObject({
        code: 'database_too_new',
        databaseVersion: NEXT + 1,
        compatibleFrom: NEXT,
        supportedVersion: SCHEMA_VERSION,
      });
      expect((error as Error).message).toBe(
        `${location} has schema version ${NEXT + 1}, which needs racelab schema version ${NEXT} or newer; ` +
          `this racelab has schema version ${SCHEMA_VERSION}: upgrade racelab on this host, or use another --database`,
      );
      expect(await snapshot(engine, location)).toEqual(before);
      // A racelab at NEXT still works with it.
      const atNext = await newerStore(engine, location, { ...WITH_ADDITIVE });
      expect((await atNext.get('kept'))?.id).toBe('kept');
    },
  );

  it.skipIf(skip)('refuses, as before the mark, a newer database that keeps no mark', async () => {
    const location = await engine.fresh();
    await (await openRunStore(location)).close();
    await (await newerStore(engine, location, WITH_ADDITIVE)).close();
    await engine.query(location, 'drop table racelab_schema');
    const error = await openRunStore(location).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(DatabaseTooNewError);
    expect(error).toMatchObject({ databaseVersion: NEXT, supportedVersion: SCHEMA_VERSION, compatibleFrom: undefined });
    expect((error as Error).message).toContain(`newer than the ${SCHEMA_VERSION} this racelab knows`);
  });

  it.skipIf(skip)('never lowers the mark', async () => {
    const location = await engine.fresh();
    await (await openRunStore(location)).close();
    const raised: MigrationSet = { ...WITH_BREAKING };
    await (await newerStore(engine, location, raised)).close();
    expect(await mark(engine, location)).toBe(NEXT);
    // A later migration that declares a lower mark (it keeps reading older things) leaves it where it is.
    const lower: MigrationSet = {
      ...raised,
      [name(NEXT + 1, 'future-lower')]: { compatibleFrom: 2, up: additive.up },
    };
    await (await newerStore(engine, location, lower)).close();
    expect(await mark(engine, location)).toBe(NEXT);
    const applied = await engine.query(location, 'select name from racelab_migration order by name');
    expect(applied.map((row) => row.name)).toEqual(Object.keys(lower));
  });

  it.skipIf(skip)(
    'refuses a breaking migration while an older host of the lab is live, naming it; applies it once it is lost',
    async () => {
      const location = await engine.fresh();
      await (await openRunStore(location)).close();
      await engine.query(location, hostRow('lab-old', {}));
      await engine.query(location, hostRow('lab-older', { schemaVersion: null }));
      // Took the name over from a host that recorded a version, without recording its own: a racelab from before 0004.
      await engine.query(location, hostRow('lab-downgraded', { writer: 'someone-else' }));
      await engine.query(location, hostRow('lab-silent', { lastSeenAt: Date.now() - 60_000 }));
      await engine.query(location, hostRow('lab-left', { state: 'lost' }));
      await engine.query(location, hostRow('lab-new', { schemaVersion: NEXT }));
      const before = await snapshot(engine, location);

      const error = await newerStore(engine, location, WITH_BREAKING).catch((caught: unknown) => caught);
      expect(error).toBeInstanceOf(LabHostsTooOldError);
      expect(error).toMatchObject({
        code: 'lab_hosts_too_old',
        compatibleFrom: NEXT,
        migration: name(NEXT, 'future-breaking'),
        hosts: [
          expect.objectContaining({ name: 'lab-downgraded', schemaVersion: 3 }),
          expect.objectContaining({ name: 'lab-old', schemaVersion: SCHEMA_VERSION }),
          expect.objectContaining({ name: 'lab-older', schemaVersion: 3 }),
        ],
      });
      const message = (error as Error).message;
      expect(message).toContain(`lab-old (schema version ${SCHEMA_VERSION}, racelab 0.1.0, last seen`);
      expect(message).toContain('lab-older (schema version 3');
      expect(message).toContain('upgrade them first, or stop them');
      expect(message).not.toMatch(/lab-silent|lab-left|lab-new/);
      expect(await snapshot(engine, location)).toEqual(before);

      // The older hosts stop (or are found lost): the migration goes ahead and raises the mark.
      await engine.query(
        location,
        "update hosts set state = 'lost' where name in ('lab-old', 'lab-older', 'lab-downgraded')",
      );
      await (await newerStore(engine, location, WITH_BREAKING)).close();
      expect(await mark(engine, location)).toBe(NEXT);
      expect(await engine.tables(location)).not.toContain('runs_client_status');
    },
  );
});

describe.skipIf(!serverUrl)('rolling upgrades of a lab on PostgreSQL', () => {
  it('a registered host records its schema version; a breaking migration waits until it leaves or its lease runs out', async () => {
    const location = await postgresEngine.fresh();
    await (await openRunStore(location)).close();
    const lab = new LabDatabase(location, 'test');
    cleanups.push(() => lab.close());
    const identity = { name: 'lab-2', cpus: 2, cpuModel: 'test cpu', runtime: 'node v20', version: '0.1.0' };
    await lab.register(identity, 'instance-a', 10_000);
    expect(await postgresEngine.query(location, 'select schema_version, schema_instance from hosts')).toEqual([
      { schema_version: SCHEMA_VERSION, schema_instance: 'instance-a' },
    ]);
    const error = await newerStore(postgresEngine, location, WITH_BREAKING).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(LabHostsTooOldError);
    expect((error as Error).message).toContain(`lab-2 (schema version ${SCHEMA_VERSION}, racelab 0.1.0`);
    expect(await mark(postgresEngine, location)).toBe(1);

    // Silent past its lease: it no longer counts.
    const database = await postgresEngine.open(location);
    await migrate(database, { migrations: WITH_BREAKING, now: () => Date.now() + 60_000 });
    await database.destroy();
    expect(await mark(postgresEngine, location)).toBe(NEXT);
  });

  it('a host that leaves cleanly no longer holds an upgrade back', async () => {
    const location = await postgresEngine.fresh();
    await (await openRunStore(location)).close();
    const lab = new LabDatabase(location, 'test');
    cleanups.push(() => lab.close());
    await lab.register({ name: 'lab-3', cpus: 2, cpuModel: 'c', runtime: 'node v20', version: '0.1.0' }, 'i', 10_000);
    await expect(newerStore(postgresEngine, location, WITH_BREAKING)).rejects.toThrow(LabHostsTooOldError);
    await lab.leave('lab-3', 'i');
    await (await newerStore(postgresEngine, location, WITH_BREAKING)).close();
    expect(await mark(postgresEngine, location)).toBe(NEXT);
  });

  it('stores opening one new database at once migrate it once', async () => {
    const location = await postgresEngine.fresh();
    const stores = await Promise.all(Array.from({ length: 4 }, () => openRunStore(location)));
    await Promise.all(stores.map((store) => store.close()));
    const applied = await postgresEngine.query(location, 'select name from racelab_migration order by name');
    expect(applied.map((row) => row.name)).toEqual(Object.keys(MIGRATIONS));
    expect(await mark(postgresEngine, location)).toBe(1);
  });

  it('an older racelab waiting for the lock while a newer one migrates opens the result instead of failing', async () => {
    const location = await postgresEngine.fresh();
    await (await openRunStore(location)).close();
    let entered!: () => void;
    const inside = new Promise<void>((resolve) => {
      entered = resolve;
    });
    let release!: () => void;
    const gate = new Promise<void>((resolve) => {
      release = resolve;
    });
    const slow: MigrationSet = {
      ...MIGRATIONS,
      [name(NEXT, 'future-slow')]: {
        async up(db: AnyDb) {
          entered();
          await gate;
          await additive.up(db);
        },
      },
    };
    const newer = newerStore(postgresEngine, location, slow);
    await inside;
    // The older one sees only migrations it knows, then waits for the migration lock the newer holds.
    const older = openRunStore(location);
    await expect
      .poll(
        async () =>
          (await postgresEngine.query(location, "select 1 from pg_locks where locktype = 'advisory' and not granted"))
            .length,
      )
      .toBe(1);
    release();
    const [olderStore, newerStoreOpened] = await Promise.all([older, newer]);
    await newerStoreOpened.save(makeStoredRun({ id: 'newer' }));
    expect((await olderStore.get('newer'))?.id).toBe('newer');
    await olderStore.close();
    const applied = await postgresEngine.query(location, 'select name from racelab_migration order by name');
    expect(applied.map((row) => row.name)).toEqual(Object.keys(slow));
  });
});

describe.skipIf(!serverUrl)('a host joining while the mark is raised', () => {
  it('refuses once registered when the mark is above it, and waits for a migration raising it to commit', async () => {
    const location = await postgresEngine.fresh();
    await (await openRunStore(location)).close();
    const lab = new LabDatabase(location, 'test');
    cleanups.push(() => lab.close());
    await lab.register({ name: 'lab-4', cpus: 2, cpuModel: 'c', runtime: 'node v20', version: '0.1.0' }, 'i', 10_000);
    await expect(lab.checkSchema()).resolves.toBeUndefined();

    // A migration raising the mark, caught between reading the hosts and committing.
    const migration = new pg.Client({ connectionString: location });
    await migration.connect();
    cleanups.push(() => migration.end());
    await migration.query('begin');
    await migration.query("select pg_advisory_xact_lock(hashtext('racelab:schema-mark'))");
    await migration.query(`update racelab_schema set compatible_from = ${NEXT}`);
    await migration.query(
      `insert into racelab_migration (name, timestamp) values ('${name(NEXT, 'future-breaking')}', 'x')`,
    );
    const checked = lab.checkSchema().catch((caught: unknown) => caught);
    await expect
      .poll(
        async () =>
          (await postgresEngine.query(location, "select 1 from pg_locks where locktype = 'advisory' and not granted"))
            .length,
      )
      .toBe(1);
    await migration.query('commit');
    const error = await checked;
    expect(error).toBeInstanceOf(DatabaseTooNewError);
    expect(error).toMatchObject({ databaseVersion: NEXT, compatibleFrom: NEXT, supportedVersion: SCHEMA_VERSION });
  });

  it('a migration raising the mark holds the lock a joining host reads it under', async () => {
    const location = await postgresEngine.fresh();
    await (await openRunStore(location)).close();
    let sharedTaken: unknown;
    const probing: MigrationSet = {
      ...MIGRATIONS,
      [name(NEXT, 'future-breaking')]: {
        compatibleFrom: NEXT,
        async up(db: AnyDb) {
          const rows = await postgresEngine.query(
            location,
            "select pg_try_advisory_lock_shared(hashtext('racelab:schema-mark')) as taken",
          );
          sharedTaken = rows[0]?.taken;
          await breaking(NEXT).up(db);
        },
      },
    };
    await (await newerStore(postgresEngine, location, probing)).close();
    expect(sharedTaken).toBe(false);
    expect(await mark(postgresEngine, location)).toBe(NEXT);
  });
});
