import type { Kysely } from 'kysely';

/**
 * The compatibility mark and the hosts' schema versions, for rolling upgrades of a lab.
 *
 * `racelab_schema` holds one row: `compatible_from`, the lowest schema version whose racelab still
 * works with this database. A racelab that finds migrations it does not know opens the database
 * anyway when its own schema version is at least the mark. It starts at 1 (nothing has been dropped
 * or renamed yet) and is only ever raised, by a migration that exports `compatibleFrom`, in the
 * same transaction as that migration.
 *
 * `hosts.schema_version` is the schema version of the racelab a host runs, so a newer host does not
 * apply a migration that would break a live older one. `hosts.schema_instance` is the instance that
 * wrote it: a racelab from before this migration re-registering a name upserts the row without
 * knowing these columns, and a version written by another instance is not its own (read as 3).
 *
 * Additive only. Released once shipped: never change it, add a migration instead.
 */
// biome-ignore lint/suspicious/noExplicitAny: a migration sees the database as it was then, not today's types.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('racelab_schema')
    .addColumn('id', 'integer', (column) => column.primaryKey())
    .addColumn('compatible_from', 'integer', (column) => column.notNull())
    .execute();
  await db.insertInto('racelab_schema').values({ id: 1, compatible_from: 1 }).execute();
  await db.schema.alterTable('hosts').addColumn('schema_version', 'integer').execute();
  await db.schema.alterTable('hosts').addColumn('schema_instance', 'text').execute();
}

// biome-ignore lint/suspicious/noExplicitAny: see up().
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('hosts').dropColumn('schema_instance').execute();
  await db.schema.alterTable('hosts').dropColumn('schema_version').execute();
  await db.schema.dropTable('racelab_schema').execute();
}
