import type { Kysely } from 'kysely';

/** One index per filter, each ending in the listing's keyset, so a filtered page is an index range. */
const FILTER_INDEXES: Record<string, string[]> = {
  runs_strategy: ['strategy', 'created_at', 'id'],
  runs_status: ['status', 'created_at', 'id'],
  runs_runtime: ['runtime_name', 'created_at', 'id'],
  runs_host: ['host', 'created_at', 'id'],
  runs_source: ['source', 'created_at', 'id'],
  runs_group: ['run_group', 'created_at', 'id'],
  // The history view's common question: one strategy on one machine since some day.
  runs_strategy_host: ['strategy', 'host', 'created_at', 'id'],
};

/** Released. Never change it: add a migration instead. */
// biome-ignore lint/suspicious/noExplicitAny: a migration sees the database as it was then, not today's types.
export async function up(db: Kysely<any>): Promise<void> {
  for (const [name, columns] of Object.entries(FILTER_INDEXES)) {
    await db.schema.createIndex(name).on('runs').columns(columns).execute();
  }
}

// biome-ignore lint/suspicious/noExplicitAny: see up().
export async function down(db: Kysely<any>): Promise<void> {
  for (const name of Object.keys(FILTER_INDEXES)) await db.schema.dropIndex(name).execute();
}
