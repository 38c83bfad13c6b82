import type { Kysely } from 'kysely';

/**
 * The hosts of a lab (APIs sharing one PostgreSQL database). Additive only: a racelab that does not
 * know hosts ignores the table, so a lab upgrades one host at a time. Times are epoch milliseconds,
 * like the runs table. `instance` tells two processes claiming one name apart; `worker_id` and
 * `job_id` name the queue worker and job of the run it is running, so the others can release them
 * if the host is lost.
 *
 * Released. Never change it: add a migration instead.
 */
// biome-ignore lint/suspicious/noExplicitAny: a migration sees the database as it was then, not today's types.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('hosts')
    .addColumn('name', 'text', (column) => column.primaryKey())
    .addColumn('instance', 'text', (column) => column.notNull())
    .addColumn('cpus', 'integer', (column) => column.notNull())
    .addColumn('cpu_model', 'text', (column) => column.notNull())
    .addColumn('runtime', 'text', (column) => column.notNull())
    .addColumn('version', 'text', (column) => column.notNull())
    .addColumn('state', 'text', (column) => column.notNull())
    .addColumn('started_at', 'bigint', (column) => column.notNull())
    .addColumn('last_seen_at', 'bigint', (column) => column.notNull())
    .addColumn('lease_ms', 'integer', (column) => column.notNull())
    .addColumn('running_run', 'text')
    .addColumn('worker_id', 'text')
    .addColumn('job_id', 'text')
    .execute();
  // Per-client limits count a client's queued runs across the lab at every submission.
  await db.schema.createIndex('runs_client_status').on('runs').columns(['client', 'status']).execute();
}

// biome-ignore lint/suspicious/noExplicitAny: see up().
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('runs_client_status').execute();
  await db.schema.dropTable('hosts').execute();
}
