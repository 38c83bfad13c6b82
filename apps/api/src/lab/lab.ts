/**
 * This API as one host of a lab: every API sharing one PostgreSQL database. The queue is
 * graphile-worker's (jobs in PostgreSQL, workers woken by LISTEN/NOTIFY); racelab adds what the
 * library leaves to its users: the hosts registry with heartbeats and leases, one attempt per run
 * (max_attempts 1, and an atomic claim in the run store, so a redelivered job never runs twice),
 * releasing what a lost host held (graphile-worker's admin calls), and live news between hosts.
 *
 * Routing: each run's job names a task. `racelab_run` is for any host; `racelab_run@NAME` only for
 * host NAME. Every host's worker takes both its own task and the shared one, one job at a time.
 */
import type { ExperimentConfigInput, StoredRun } from '@racelab/schema';
import { type HostIdentity, type LabDatabase, type LabHost, LabQueueFullError, StoreError } from '@racelab/store';
import {
  type Job,
  type JobHelpers,
  Logger,
  makeWorkerUtils,
  type Runner,
  run,
  type WorkerUtils,
} from 'graphile-worker';
import type { LogLine } from '../http/request-log.js';
import { ClientQueueFullError, QueueFullError } from '../runs/run-errors.js';
import type { RunQueue } from '../runs/run-queue.js';
import { RunRecord } from '../runs/run-record.js';
import { FollowedRuns, recordOf } from './followed-runs.js';
import { isGone } from './host-identity.js';
import { HostLeavingError, NoLiveHostsError, UnknownHostError } from './lab-errors.js';
import { type LostHostsContext, releaseHost, sweepLostHosts } from './lost-hosts.js';
import { retryAcrossRestarts } from './queue-retries.js';
import {
  encodeNews,
  ProgressPublisher,
  progressChannel,
  RUN_CHANNEL,
  RunChannel,
  type RunNews,
} from './run-channel.js';

export const ANY_HOST_TASK = 'racelab_run';
export const QUEUE_SCHEMA = 'graphile_worker';
export const DEFAULT_LEASE_MS = 10_000;

export const hostTask = (name: string) => `${ANY_HOST_TASK}@${name}`;

export interface LabOptions {
  database: LabDatabase;
  queue: RunQueue;
  identity: HostIdentity;
  instance: string;
  /** A host silent this long is lost (`--lease-seconds`; default 10 s). */
  leaseMs?: number;
  log?: LogLine;
}

/** What `submit` targets: any host (undefined), hosts by name, or every live host. */
export type HostTarget = undefined | readonly string[] | 'all';

export interface Submission {
  /** Set when the submission made several runs (or targeted `"all"`). */
  group: string | undefined;
  runs: RunRecord[];
}

export class Lab {
  readonly db: LabDatabase;
  readonly queue: RunQueue;
  readonly identity: HostIdentity;
  readonly instance: string;
  readonly leaseMs: number;
  readonly #log: LogLine;
  #channel: RunChannel | undefined;
  #utils: WorkerUtils | undefined;
  #runner: Runner | undefined;
  #timers: Array<ReturnType<typeof setInterval>> = [];
  #closing = false;
  #closed: Promise<void> | undefined;
  #sweeping = false;
  /** The run this host's worker is running, if any. */
  #current: string | undefined;
  readonly #followed: FollowedRuns;

  constructor(options: LabOptions) {
    this.db = options.database;
    this.queue = options.queue;
    this.identity = options.identity;
    this.instance = options.instance;
    this.leaseMs = options.leaseMs ?? DEFAULT_LEASE_MS;
    this.#log = options.log ?? (() => {});
    this.#followed = new FollowedRuns(this.queue, this.db);
  }

  /** Heartbeats, sweeps and repeated cancels: five times per lease. */
  get #beatMs(): number {
    return Math.max(100, Math.floor(this.leaseMs / 5));
  }

  get hostName(): string {
    return this.identity.name;
  }

  /**
   * Joins the lab: takes the host name (or throws `HostNameTakenError`), ends the run a previous
   * process of this name left running (`interrupted`), listens for news, and starts taking jobs.
   */
  async join(): Promise<void> {
    retryAcrossRestarts();
    const logger = new Logger(() => (level, message) => {
      if (level === 'error' || level === 'warning') this.#log(`lab queue: ${message}`);
    });
    const connectionString = this.db.url;
    this.#utils = await makeWorkerUtils({ connectionString, logger, schema: QUEUE_SCHEMA, maxPoolSize: 2 });
    // Installs or upgrades the queue's own schema, under the library's own lock.
    await this.#utils.migrate();
    const previous = await this.db.register(this.identity, this.instance, this.leaseMs, isGone);
    if (previous) {
      await releaseHost(
        this.#lostHostsContext(),
        previous,
        'interrupted',
        `host ${this.hostName} restarted while running it`,
      );
    }
    // A newer host may have raised the schema's compatibility mark since this one opened the store.
    await this.db.checkSchema();
    this.#channel = new RunChannel({
      url: connectionString,
      onNews: (news) => this.#followed.onNews(news),
      onReconnect: () => void this.#followed.reconcile().catch(() => {}),
      log: this.#log,
    });
    await this.#channel.start();
    this.#followed.progress = this.#channel;
    this.#runner = await run({
      connectionString,
      schema: QUEUE_SCHEMA,
      concurrency: 1,
      noHandleSignals: true,
      pollInterval: 1_000,
      maxPoolSize: 4,
      logger,
      taskList: {
        [ANY_HOST_TASK]: (payload, helpers) => this.#work(payload, helpers),
        [hostTask(this.hostName)]: (payload, helpers) => this.#work(payload, helpers),
      },
    });
    this.#timers.push(setInterval(() => void this.#heartbeat(), this.#beatMs));
    this.#timers.push(setInterval(() => void this.#sweep(), this.#beatMs));
    for (const timer of this.#timers) timer.unref?.();
  }

  hosts(): Promise<LabHost[]> {
    return this.db.listHosts();
  }

  /**
   * Queues one run per target in PostgreSQL, each with its job, in one transaction; the per-client
   * and total limits are counted lab-wide there. The runs are followed here, so `?wait=true` and
   * event streams work whichever host runs them.
   */
  async submit(
    input: ExperimentConfigInput,
    target: HostTarget,
    client: string,
    clientHash: string | undefined,
  ): Promise<Submission> {
    // Its runs would wait in the lab's queue for others while its clients' streams end with it.
    if (this.#closing) throw new HostLeavingError(this.hostName);
    const config = this.queue.admit(input);
    const names = await this.#resolve(target);
    const group = target === 'all' || names.length > 1 ? crypto.randomUUID() : undefined;
    const runs = names.map(
      (name) => new RunRecord(crypto.randomUUID(), config, client, { host: name, clientHash, group }),
    );
    const limits = this.queue.limits;
    try {
      await this.db.insertQueued(
        runs.map((record, index) => {
          const name = names[index];
          return { run: record.toStoredRun(), task: name === undefined ? ANY_HOST_TASK : hostTask(name) };
        }),
        clientHash ?? client,
        { perClient: limits.maxQueuedRunsPerClient, total: limits.maxQueuedRuns },
        QUEUE_SCHEMA,
      );
    } catch (error) {
      if (error instanceof LabQueueFullError) {
        throw error.scope === 'client'
          ? new ClientQueueFullError(error.limit, limits.retryAfterSeconds)
          : new QueueFullError(error.limit, limits.retryAfterSeconds);
      }
      throw error;
    }
    // Held already when this host's worker claimed a run before this line: that record is the live one.
    const held = runs.map((record) => this.queue.track(record));
    for (const record of held) if (!this.queue.isRunningHere(record.id)) this.#followed.watch(record);
    return { group, runs: held };
  }

  async #resolve(target: HostTarget): Promise<Array<string | undefined>> {
    if (target === undefined) return [undefined];
    const hosts = await this.db.listHosts();
    if (target === 'all') {
      const live = hosts.filter((host) => host.state !== 'lost').map((host) => host.name);
      if (live.length === 0) throw new NoLiveHostsError();
      return live;
    }
    const known = new Set(hosts.map((host) => host.name));
    const unknown = target.filter((name) => !known.has(name));
    if (unknown.length > 0) throw new UnknownHostError(unknown, [...known]);
    return [...new Set(target)];
  }

  /** A run queued or running elsewhere, followed from here (see `FollowedRuns`). */
  follow(stored: StoredRun): Promise<RunRecord> {
    return this.#followed.follow(stored);
  }

  /**
   * Cancels a run of the lab: queued, it ends `cancelled` here and its job is removed; running on
   * this host, it is stopped; running on another, that host is asked to stop it. Resolves once ended.
   */
  async cancel(stored: StoredRun, reason = 'cancelled by DELETE /runs/{id}'): Promise<RunRecord> {
    if (this.queue.isRunningHere(stored.id)) return this.queue.cancel(stored.id, reason);
    const record = await this.follow(stored);
    if (record.ended) return record;
    const error = { code: 'cancelled' as const, message: `the run was cancelled: ${reason}` };
    if (await this.db.endRun(stored.id, ['queued'], 'cancelled', error)) {
      await this.db.removeJob(QUEUE_SCHEMA, stored.id).catch(() => {});
      this.#publish({ type: 'ended', run: stored.id });
      await this.#followed.settle(record);
    } else {
      // Asked again every beat until it ends: a notification lost to a PostgreSQL blip must not
      // leave the caller waiting; a host that died ends the run host_lost within its lease.
      while (!record.ended) {
        this.#publish({ type: 'cancel', run: stored.id, reason });
        await Promise.race([record.whenEnded, delay(this.#beatMs)]);
        if (!record.ended) await this.#followed.settle(record).catch(() => {});
      }
    }
    await record.whenEnded;
    return record;
  }

  /** The queue handed this host a job: claim its run (at most once, ever) and run it here. */
  async #work(payload: unknown, helpers: JobHelpers): Promise<void> {
    const runId = (payload as { runId?: unknown } | null)?.runId;
    if (typeof runId !== 'string') return;
    const job: Job = helpers.job;
    if (this.#closing) {
      // Fetched as this host stops: hand the run back to the queue rather than fail or drop it.
      await helpers.addJob(job.task_identifier, { runId }, { maxAttempts: 1, jobKey: runId });
      return;
    }
    // PostgreSQL away (restarting): keep the job and wait for it, rather than let the job fail.
    const stored = await this.#whileUnavailable((attempt) =>
      this.db.claim(runId, this.hostName, { retry: attempt > 0 }),
    );
    if (!stored) return;
    this.#current = runId;
    let recorded: Promise<void> = Promise.resolve();
    let idled: Promise<void> | undefined;
    // One write marks the host idle, after the one that marked it running (both retried while
    // PostgreSQL is away): the run's end waits for it a while, this job until it has landed.
    const markIdle = () =>
      (idled ??= recorded
        .then(() => this.#whileUnavailable(() => this.db.setRunning(this.hostName, this.instance, undefined)))
        .catch(() => {}));
    try {
      // Written while the run starts, not before: a host lost before this lands is still found by
      // its runs (the sweep ends the running runs of lost hosts), so the start need not wait for it.
      recorded = this.#whileUnavailable(() =>
        this.db.setRunning(this.hostName, this.instance, {
          run: runId,
          workerId: job.locked_by ?? '',
          jobId: String(job.id),
        }),
      ).catch(() => {});
      const record = this.queue.find(runId) ?? recordOf(stored);
      record.origin.host = this.hostName;
      this.#followed.runHere(record);
      const publisher = new ProgressPublisher(
        runId,
        (news) => this.#publish(news),
        this.queue.limits.progressIntervalMs,
      );
      record.subscribe({
        started: () => this.#publish({ type: 'started', run: runId, host: this.hostName }),
        progress: (snapshot) => publisher.offer(snapshot),
        ended: () => publisher.stop(),
      });
      // The host is idle again before the run's end is written or told.
      await this.queue.runHere(record, markIdle);
      publisher.stop();
      this.#publish({ type: 'ended', run: runId });
    } finally {
      this.#current = undefined;
      await markIdle();
    }
  }

  /** Retries `operation` while the store is unavailable (backoff up to 2 s), until this host closes. */
  async #whileUnavailable<T>(operation: (attempt: number) => Promise<T>): Promise<T> {
    let wait = 100;
    for (let attempt = 0; ; attempt++) {
      try {
        return await operation(attempt);
      } catch (error) {
        if (this.#closing || !(error instanceof StoreError) || error.code !== 'store_unavailable') throw error;
        await delay(wait);
        wait = Math.min(wait * 2, 2_000);
      }
    }
  }

  #publish(news: RunNews): void {
    const payload = encodeNews(news);
    if (payload === undefined) return;
    // Progress on the run's own channel (only hosts whose clients follow it listen); the rest shared.
    const channel = news.type === 'progress' ? progressChannel(news.run) : RUN_CHANNEL;
    this.db.notify(channel, payload).catch(() => {
      // PostgreSQL away: followers re-read the store when their connection is back.
    });
  }

  #lostHostsContext(): LostHostsContext {
    return {
      db: this.db,
      utils: this.#utils,
      queueSchema: QUEUE_SCHEMA,
      publish: (news) => this.#publish(news),
      log: this.#log,
    };
  }

  async #heartbeat(): Promise<void> {
    if (this.#closing) return;
    try {
      const mine = await this.db.heartbeat(this.hostName, this.instance);
      if (!mine) {
        this.#log(`lab: host name ${this.hostName} was taken by another process; this host stops taking runs`);
        this.#closing = true;
        await this.#runner?.stop().catch(() => {});
      }
    } catch {
      // PostgreSQL away: the next beat retries; the others mark this host lost only past its lease.
    }
  }

  /** Every host sweeps: marks silent hosts lost and ends what they held, then reconciles followed runs. */
  async #sweep(): Promise<void> {
    if (this.#closing || this.#sweeping) return;
    this.#sweeping = true;
    try {
      await sweepLostHosts(this.#lostHostsContext());
      await this.#followed.reconcile();
    } catch {
      // PostgreSQL away: the next sweep retries.
    } finally {
      this.#sweeping = false;
    }
  }

  /**
   * Leaves the lab: stops taking jobs, cancels the run it is running (`cancelled`), and leaves the
   * queued runs for any host to the others. Resolves within the server's shutdown deadline.
   */
  close(): Promise<void> {
    this.#closed ??= (async () => {
      this.#closing = true;
      for (const timer of this.#timers) clearInterval(timer);
      const stopping = this.#runner?.stop().catch(() => {});
      const current = this.#current === undefined ? undefined : this.queue.find(this.#current);
      current?.requestCancel('the host is shutting down');
      await current?.whenEnded;
      await Promise.race([stopping, delay(700)]);
      await this.db.leave(this.hostName, this.instance).catch(() => {});
      await this.#channel?.close();
      await Promise.resolve(this.#utils?.release()).catch(() => {});
      await this.db.close().catch(() => {});
    })();
    return this.#closed;
  }
}

function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms).unref?.());
}
