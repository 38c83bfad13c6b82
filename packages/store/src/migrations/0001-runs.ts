import type { Kysely } from 'kysely';

/** Released. Never change it: add a migration instead. */
// biome-ignore lint/suspicious/noExplicitAny: a migration sees the database as it was then, not today's types.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('runs')
    .addColumn('id', 'text', (column) => column.primaryKey())
    .addColumn('created_at', 'bigint', (column) => column.notNull())
    .addColumn('started_at', 'bigint')
    .addColumn('ended_at', 'bigint')
    .addColumn('status', 'text', (column) => column.notNull())
    .addColumn('strategy', 'text', (column) => column.notNull())
    .addColumn('workers', 'integer', (column) => column.notNull())
    .addColumn('iterations', 'integer', (column) => column.notNull())
    .addColumn('trials', 'integer', (column) => column.notNull())
    .addColumn('lost_updates_median', 'double precision')
    .addColumn('ops_per_second_median', 'double precision')
    .addColumn('runtime_name', 'text')
    .addColumn('runtime_version', 'text')
    .addColumn('host', 'text')
    .addColumn('cpu_model', 'text')
    .addColumn('cpus', 'integer')
    .addColumn('source', 'text', (column) => column.notNull())
    .addColumn('run_group', 'text')
    .addColumn('client', 'text')
    .addColumn('verified', 'boolean', (column) => column.notNull())
    .addColumn('document', 'text', (column) => column.notNull())
    .execute();
  // Newest first, ties broken by id: the order of every listing, and its keyset.
  await db.schema.createIndex('runs_created').on('runs').columns(['created_at', 'id']).execute();
}

// biome-ignore lint/suspicious/noExplicitAny: see up().
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('runs').execute();
}
