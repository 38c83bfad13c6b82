import type { RunFilter, StoredRun } from '@racelab/schema';
import type { HostClaim } from './lab/hosts.js';

/** What to match: the filter fields of `RunFilter` (its `limit` and `cursor` go in `RunPageRequest`). */
export type RunCriteria = Partial<Omit<RunFilter, 'limit' | 'cursor'>>;

export interface RunPageRequest {
  /** 1 to 100 (`RUN_PAGE_BOUNDS`). */
  limit: number;
  /** The `nextCursor` of the previous page. */
  cursor?: string | undefined;
}

export interface RunPage {
  /** Newest first (by `createdAt`, then `id`). */
  runs: StoredRun[];
  /** Present when more runs match: pass it back as `cursor` for the next page. */
  nextCursor?: string;
}

export interface MarkInterruptedOptions {
  /** The error message stored on each run (default: says the server stopped under it). */
  message?: string;
  /** The time the runs are marked ended (default: now). */
  now?: Date;
}

export interface PruneOptions {
  /** Keep the newest N ended runs. */
  keepRuns?: number;
  /** Keep ended runs created in the last D days. */
  keepDays?: number;
  /** The time `keepDays` counts back from (default: now). */
  now?: Date;
}

export type StoreEngine = 'sqlite' | 'postgres' | 'memory';

/**
 * The lab notebook: every front end keeps and finds runs through this, whichever engine is behind it.
 * Every run read back has been parsed through `StoredRunSchema`; every failure is a `StoreError`.
 */
export interface RunStore {
  readonly engine: StoreEngine;
  /** Where the runs are kept, safe to print (a path, or a PostgreSQL URL without its password). */
  readonly location: string;
  /**
   * Inserts the run, or replaces the one with the same id while that one is queued or running.
   * An ended run (succeeded, failed, cancelled) is final: saving over it changes nothing and
   * resolves `false` (a lab host found lost that finishes its run late must not overwrite the
   * `host_lost` the others stored). `true` when the run was written. Validated first (`invalid_run`).
   */
  save(run: StoredRun): Promise<boolean>;
  /**
   * Inserts the run, never replacing: a run whose id is already stored fails with `run_exists`
   * (409), decided by the database itself, so of two concurrent inserts of one id exactly one wins.
   * Validated first (`invalid_run`).
   */
  insert(run: StoredRun): Promise<void>;
  /**
   * Saves many runs in few round trips (one transaction per chunk); all are validated before any is
   * written. Like `save`, it leaves ended runs as they are.
   */
  saveMany(runs: readonly StoredRun[]): Promise<void>;
  get(id: string): Promise<StoredRun | undefined>;
  /** One page of matching runs, newest first; keyset pagination, so pages stay fast and stable. */
  list(criteria: RunCriteria, page: RunPageRequest): Promise<RunPage>;
  /** Every matching run, newest first, read page by page (for CSV and NDJSON exports). */
  scan(criteria: RunCriteria): AsyncIterable<StoredRun>;
  /**
   * Takes a host name for this process, for a server that is no lab host: refused with
   * `HostNameTakenError` while another process that `claim.isLive` proves running holds it (see
   * `sql/host-claim.ts`). Memory stores are nobody else's: always granted.
   */
  claimHostName(claim: HostClaim): Promise<void>;
  /** Gives the name back (shutdown). */
  releaseHostName(name: string, instance: string): Promise<void>;
  /** Marks the queued and running runs of `host` failed with code `interrupted`; returns how many. */
  markInterrupted(host: string, options?: MarkInterruptedOptions): Promise<number>;
  /** Deletes ended runs beyond `keepRuns` or older than `keepDays` (queued and running ones stay); returns how many. */
  prune(options: PruneOptions): Promise<number>;
  close(): Promise<void>;
}
