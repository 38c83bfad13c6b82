import { Kysely, PostgresDialect, sql } from 'kysely';
import pg from 'pg';
import type { SqlDatabase } from './sql-database.js';
import type { StoreTables } from './tables.js';

export interface PostgresOptions {
  /** How long to wait for a connection before `store_unavailable` (default 5,000 ms). */
  connectTimeoutMs?: number;
  /** How long one query may take before `store_unavailable` (default 30,000 ms). */
  queryTimeoutMs?: number;
  /** Connections in the pool (default 10). */
  maxConnections?: number;
}

const INT8_OID = 20;

/**
 * A pool of node-postgres connections. Times are `bigint` milliseconds, read back as numbers (they
 * stay far below 2^53). A server that goes away fails queries with `store_unavailable` instead of
 * hanging them, and the pool reconnects by itself when it is back.
 */
export function openPostgres(url: string, display: string, options: PostgresOptions = {}): SqlDatabase {
  const pool = new pg.Pool({
    connectionString: url,
    max: options.maxConnections ?? 10,
    connectionTimeoutMillis: options.connectTimeoutMs ?? 5_000,
    query_timeout: options.queryTimeoutMs ?? 30_000,
    idleTimeoutMillis: 10_000,
    application_name: 'racelab',
    types: {
      getTypeParser: ((oid: number, format?: 'text' | 'binary') =>
        oid === INT8_OID ? Number : pg.types.getTypeParser(oid, format)) as typeof pg.types.getTypeParser,
    },
  });
  // An idle connection the server dropped (a restart): the pool discards it; the next query reconnects.
  pool.on('error', () => {});
  // A connection in use when the server goes away (a fast shutdown sends FATAL 57P01) emits 'error'
  // on its client, which the pool does not listen to while it is checked out: unheard, that event
  // would end the whole process. The query under way fails on its own (store_unavailable).
  pool.on('connect', (client) => {
    client.on('error', () => {});
  });
  const db = new Kysely<StoreTables>({ dialect: new PostgresDialect({ pool }) });
  return {
    engine: 'postgres',
    location: display,
    db,
    isEmptyElsewhere: false,
    async listTables() {
      const result = await sql<{ name: string }>`
        select table_name as name from information_schema.tables where table_schema = current_schema()`.execute(db);
      return result.rows.map((row) => row.name);
    },
    async prepare() {},
    async destroy() {
      await db.destroy();
    },
  };
}
