import type { StoreTables } from '../sql/tables.js';

/** The `hosts` table (migration 0003): one row per host name a lab has seen. */
export interface HostsTable {
  name: string;
  instance: string;
  cpus: number;
  cpu_model: string;
  runtime: string;
  version: string;
  state: string;
  started_at: number;
  last_seen_at: number;
  lease_ms: number;
  running_run: string | null;
  worker_id: string | null;
  job_id: string | null;
}

export interface LabTables extends StoreTables {
  hosts: HostsTable;
}
