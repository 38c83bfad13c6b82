import { type Kysely, type Migration, Migrator, sql } from 'kysely';
import { DatabaseTooNewError, LabHostsTooOldError, type LiveHostVersion, NotRacelabDatabaseError } from '../errors.js';
import {
  MIGRATIONS,
  type MigrationSet,
  type RacelabMigration,
  schemaVersionOf,
  UNRECORDED_HOST_SCHEMA_VERSION,
  versionOf,
} from '../migrations/index.js';
import type { SqlDatabase } from './sql-database.js';

export const MIGRATION_TABLE = 'racelab_migration';
export const MIGRATION_LOCK_TABLE = 'racelab_migration_lock';
/** One row: `compatible_from`, the lowest schema version that still works with the database (migration 0004). */
export const SCHEMA_MARK_TABLE = 'racelab_schema';
/**
 * The PostgreSQL advisory lock between raising the mark and a host joining the lab: a migration
 * raising it holds it exclusively from reading the live hosts until it commits; a host that has
 * just registered reads the mark holding it shared. Either the migration sees the host, or the host
 * sees the raised mark.
 */
export const SCHEMA_MARK_LOCK = 'racelab:schema-mark';

export interface MigrateOptions {
  /** Stops at this migration (tests build an older database this way). */
  target?: string;
  /** The migrations this racelab knows (default: `MIGRATIONS`); tests make databases "from the future" with more. */
  migrations?: MigrationSet;
  /** The clock that tells live hosts from lost ones (tests). */
  now?: () => number;
}

/**
 * Makes the database ready for this racelab, changing nothing when it refuses:
 * - someone else's database: `NotRacelabDatabaseError`;
 * - every applied migration known: applies the missing ones (Kysely's Migrator: one transaction,
 *   under its lock, so concurrent starts migrate once); a migration that raises the compatibility
 *   mark above the schema version of a live host of the lab is refused (`LabHostsTooOldError`);
 * - migrations from a newer racelab: opened as it is when this racelab's schema version is at least
 *   the database's mark ("compatible from"), else `DatabaseTooNewError` naming the three versions.
 */
export async function migrate(database: SqlDatabase, options: MigrateOptions = {}): Promise<void> {
  const migrations = options.migrations ?? MIGRATIONS;
  const tables = await database.listTables();
  if (!tables.includes(MIGRATION_TABLE)) {
    refuseOthers(database, tables);
  } else if (await isNewerButCompatible(database, migrations)) {
    // Kysely's Migrator refuses a database holding migrations it was not given: it is not called.
    await database.prepare();
    return;
  }
  await database.prepare();
  const now = options.now ?? Date.now;
  const migrator = new Migrator({
    db: database.db,
    provider: { getMigrations: async () => markingMigrations(database, migrations, now) },
    migrationTableName: MIGRATION_TABLE,
    migrationLockTableName: MIGRATION_LOCK_TABLE,
  });
  const { error } =
    options.target === undefined ? await migrator.migrateToLatest() : await migrator.migrateTo(options.target);
  if (error === undefined) return;
  // A newer racelab migrated between the check above and the Migrator's lock: check again.
  if (isMissingMigration(error) && (await isNewerButCompatible(database, migrations))) return;
  throw error;
}

/**
 * true when the database can be used as it is, with no migration to run (every one of ours applied,
 * or newer ones that still allow this racelab): what a read-only opening needs. Refuses as `migrate`
 * does (`NotRacelabDatabaseError`, `DatabaseTooNewError`); false when `migrate` has work to do.
 */
export async function isReadyAsIs(database: SqlDatabase, migrations: MigrationSet = MIGRATIONS): Promise<boolean> {
  const tables = await database.listTables();
  if (!tables.includes(MIGRATION_TABLE)) {
    refuseOthers(database, tables);
    return false;
  }
  if (await isNewerButCompatible(database, migrations)) return true;
  const applied = new Set(await appliedMigrations(database));
  return Object.keys(migrations).every((name) => applied.has(name));
}

/** A database without racelab's migrations that holds what is someone else's: `NotRacelabDatabaseError`. */
function refuseOthers(database: SqlDatabase, tables: string[]): void {
  if (tables.includes('runs')) throw new NotRacelabDatabaseError(database.location, 'it has a runs table of its own');
  if (database.isEmptyElsewhere && tables.length > 0) {
    throw new NotRacelabDatabaseError(database.location, `it holds other tables: ${tables.slice(0, 5).join(', ')}`);
  }
}

/**
 * false when every applied migration is known (migrate as usual); true when some are newer but the
 * database's mark says this racelab still works with it; else throws `DatabaseTooNewError`.
 */
async function isNewerButCompatible(database: SqlDatabase, migrations: MigrationSet): Promise<boolean> {
  const applied = await appliedMigrations(database);
  const unknown = applied.filter((name) => !(name in migrations));
  if (unknown.length === 0) return false;
  const schemaVersion = schemaVersionOf(migrations);
  const newest = Math.max(...unknown.map((name) => versionOf(name) ?? schemaVersion + 1));
  // A newer database lacking one of ours is not one this racelab's code can read.
  const complete = Object.keys(migrations).every((name) => applied.includes(name));
  const mark = complete ? await compatibilityMark(database) : undefined;
  if (mark === undefined) throw new DatabaseTooNewError(database.location, newest, schemaVersion);
  if (mark > schemaVersion) throw new DatabaseTooNewError(database.location, newest, schemaVersion, mark);
  return true;
}

async function appliedMigrations(database: SqlDatabase): Promise<string[]> {
  const rows = await database.db
    .withoutPlugins()
    // biome-ignore lint/suspicious/noExplicitAny: the migration table is Kysely's, not in StoreTables.
    .selectFrom(MIGRATION_TABLE as any)
    .select('name')
    .execute();
  return rows.map((row) => String(row.name));
}

/** The database's "compatible from" mark, or undefined when it keeps none. */
async function compatibilityMark(database: SqlDatabase): Promise<number | undefined> {
  if (!(await database.listTables()).includes(SCHEMA_MARK_TABLE)) return undefined;
  const row = await database.db
    .withoutPlugins()
    // biome-ignore lint/suspicious/noExplicitAny: the mark table is not in StoreTables.
    .selectFrom(SCHEMA_MARK_TABLE as any)
    .select('compatible_from')
    .executeTakeFirst();
  return row === undefined ? undefined : Number(row.compatible_from);
}

/** Kysely's words for "the database holds a migration this Migrator was not given". */
function isMissingMigration(error: unknown): boolean {
  return error instanceof Error && /previously executed migration .* is missing/.test(error.message);
}

/**
 * The migrations as the Migrator runs them: one that declares `compatibleFrom` first refuses if a
 * live host of the lab runs an older schema, then raises the mark, inside the Migrator's
 * transaction (all pending migrations run in one, on both engines), so a refusal changes nothing.
 */
function markingMigrations(
  database: SqlDatabase,
  migrations: MigrationSet,
  now: () => number,
): Record<string, Migration> {
  const result: Record<string, Migration> = {};
  for (const [name, migration] of Object.entries(migrations)) {
    result[name] = migration.compatibleFrom === undefined ? migration : marking(database, name, migration, now);
  }
  return result;
}

function marking(database: SqlDatabase, name: string, migration: RacelabMigration, now: () => number): Migration {
  const compatibleFrom = migration.compatibleFrom as number;
  const { location } = database;
  const marked: Migration = {
    // biome-ignore lint/suspicious/noExplicitAny: a migration sees the database as it was then.
    async up(db: Kysely<any>) {
      // SQLite needs no more: the migration's transaction holds the file's write lock.
      if (database.engine === 'postgres')
        await sql`select pg_advisory_xact_lock(hashtext(${SCHEMA_MARK_LOCK}))`.execute(db);
      const tooOld = (await liveHosts(db, now())).filter((host) => host.schemaVersion < compatibleFrom);
      if (tooOld.length > 0) throw new LabHostsTooOldError(location, name, compatibleFrom, tooOld);
      await migration.up(db);
      await db
        .updateTable(SCHEMA_MARK_TABLE)
        .set({ compatible_from: compatibleFrom })
        .where('compatible_from', '<', compatibleFrom)
        .execute();
    },
  };
  if (migration.down) marked.down = migration.down;
  return marked;
}

/**
 * The live hosts of the lab with their schema versions. Live as the host registry counts it: not
 * marked lost, and seen within its lease. A version written by another instance than the row's
 * (a racelab from before hosts recorded it took the name over) is not the host's own.
 */
// biome-ignore lint/suspicious/noExplicitAny: see marking().
async function liveHosts(db: Kysely<any>, now: number): Promise<LiveHostVersion[]> {
  const tables = await db.introspection.getTables();
  if (!tables.some((table) => table.name === 'hosts')) return [];
  const rows = await db
    .selectFrom('hosts')
    .select(['name', 'instance', 'version', 'last_seen_at', 'lease_ms', 'schema_version', 'schema_instance'])
    .where('state', '!=', 'lost')
    .orderBy('name')
    .execute();
  return rows
    .filter((row) => Number(row.last_seen_at) + Number(row.lease_ms) >= now)
    .map((row) => ({
      name: String(row.name),
      schemaVersion:
        row.schema_version !== null && row.schema_instance === row.instance
          ? Number(row.schema_version)
          : UNRECORDED_HOST_SCHEMA_VERSION,
      version: String(row.version),
      lastSeenAt: new Date(Number(row.last_seen_at)),
    }));
}
