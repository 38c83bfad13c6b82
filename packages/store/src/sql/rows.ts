import { type StoredRun, toRunSummary } from '@racelab/schema';
import type { Insertable } from 'kysely';
import { toMillis } from '../runs.js';
import type { RunsTable } from './tables.js';

/** The row that keeps `run`: its summary as columns, and the whole run as JSON. */
export function toRow(run: StoredRun): Insertable<RunsTable> {
  const summary = toRunSummary(run);
  return {
    id: run.id,
    created_at: toMillis(run.createdAt),
    started_at: run.startedAt === undefined ? null : toMillis(run.startedAt),
    ended_at: summary.endedAt === undefined ? null : toMillis(summary.endedAt),
    status: summary.status,
    strategy: summary.strategy,
    workers: summary.workers,
    iterations: summary.iterations,
    trials: summary.trials,
    lost_updates_median: summary.lostUpdatesMedian,
    ops_per_second_median: summary.opsPerSecondMedian,
    runtime_name: summary.runtimeName ?? null,
    runtime_version: summary.runtimeVersion ?? null,
    host: summary.host ?? null,
    cpu_model: summary.cpuModel ?? null,
    cpus: summary.cpus ?? null,
    source: summary.source,
    run_group: summary.group ?? null,
    client: run.client ?? null,
    verified: run.verified,
    document: JSON.stringify(run),
  };
}
