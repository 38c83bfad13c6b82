import type { ColumnType } from 'kysely';

/**
 * The `runs` table as the query layer sees it, after every migration. Times are milliseconds since
 * the epoch (integers sort and compare the same way on both engines, whatever the server's
 * collation or time zone); `document` is the whole `StoredRun` as JSON text, the one source every
 * read parses. The other columns are copies of its fields, there to filter and sort by.
 */
export interface RunsTable {
  id: string;
  created_at: ColumnType<number, number, number>;
  started_at: number | null;
  ended_at: number | null;
  status: string;
  strategy: string;
  workers: number;
  iterations: number;
  trials: number;
  lost_updates_median: number | null;
  ops_per_second_median: number | null;
  runtime_name: string | null;
  runtime_version: string | null;
  host: string | null;
  cpu_model: string | null;
  cpus: number | null;
  source: string;
  run_group: string | null;
  client: string | null;
  /** SQLite reads it back as 0 or 1. */
  verified: ColumnType<boolean | number, boolean, boolean>;
  document: string;
}

export interface StoreTables {
  runs: RunsTable;
}
