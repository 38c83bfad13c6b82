import { Migrator } from 'kysely';
import { DatabaseTooNewError, NotRacelabDatabaseError } from '../errors.js';
import { MIGRATIONS, migrationProvider, SCHEMA_VERSION, versionOf } from '../migrations/index.js';
import type { SqlDatabase } from './sql-database.js';

export const MIGRATION_TABLE = 'racelab_migration';
export const MIGRATION_LOCK_TABLE = 'racelab_migration_lock';

/**
 * Makes the database ready for this racelab: refuses one that is someone else's or from a newer
 * racelab (changing nothing), and applies the migrations it lacks. `target` stops at one migration
 * (tests build an older database this way).
 */
export async function migrate(database: SqlDatabase, target?: string): Promise<void> {
  const tables = await database.listTables();
  if (!tables.includes(MIGRATION_TABLE)) {
    if (tables.includes('runs')) throw new NotRacelabDatabaseError(database.location, 'it has a runs table of its own');
    if (database.isEmptyElsewhere && tables.length > 0) {
      throw new NotRacelabDatabaseError(database.location, `it holds other tables: ${tables.slice(0, 5).join(', ')}`);
    }
  } else {
    const applied = await database.db
      .withoutPlugins()
      // biome-ignore lint/suspicious/noExplicitAny: the migration table is Kysely's, not in StoreTables.
      .selectFrom(MIGRATION_TABLE as any)
      .select('name')
      .execute();
    const unknown = applied.map((row) => String(row.name)).filter((name) => !(name in MIGRATIONS));
    if (unknown.length > 0) {
      const newest = Math.max(...unknown.map((name) => versionOf(name) ?? SCHEMA_VERSION + 1));
      throw new DatabaseTooNewError(database.location, newest, SCHEMA_VERSION);
    }
  }
  await database.prepare();
  const migrator = new Migrator({
    db: database.db,
    provider: migrationProvider,
    migrationTableName: MIGRATION_TABLE,
    migrationLockTableName: MIGRATION_LOCK_TABLE,
  });
  const { error } = target === undefined ? await migrator.migrateToLatest() : await migrator.migrateTo(target);
  if (error) throw error;
}
