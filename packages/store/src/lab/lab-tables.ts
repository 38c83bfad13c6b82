import type { StoreTables } from '../sql/tables.js';

/** The `hosts` table (migrations 0003, 0004): one row per host name a lab has seen. */
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
  /** The schema version of the racelab the host runs (null: a host from before migration 0004). */
  schema_version: number | null;
  /** The instance that wrote `schema_version`: another instance's value is not this host's. */
  schema_instance: string | null;
}

export interface LabTables extends StoreTables {
  hosts: HostsTable;
}
