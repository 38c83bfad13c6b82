/**
 * Runs this host follows but does not run: submitted here and queued in the lab, or running on
 * another host while a client here watches them. Each is a `RunRecord` in this server's queue, fed
 * by the lab's news (started, progress, ended) and, for anything news missed, by the run store.
 * A run's progress is received only while a client here follows its events (`watch`).
 */

import type { StoredRun } from '@racelab/schema';
import type { LabDatabase } from '@racelab/store';
import type { RunQueue } from '../runs/run-queue.js';
import { RunRecord, storedOutcome } from '../runs/run-record.js';
import type { RunNews } from './run-channel.js';

/** Where a host subscribes to runs' progress (the lab's `RunChannel`). */
export interface ProgressSubscriptions {
  follow(run: string): void;
  unfollow(run: string): void;
}

export class FollowedRuns {
  /** Set once the lab listens for news. */
  progress: ProgressSubscriptions | undefined;

  constructor(
    readonly queue: RunQueue,
    readonly db: LabDatabase,
  ) {}

  /**
   * Receives the progress of `record` (queued in the lab, or running elsewhere) while it has
   * listeners here (event streams), and stops when the last one leaves or the run ends.
   */
  watch(record: RunRecord): void {
    record.watchListeners((count) => {
      if (count > 0 && !record.ended && !this.queue.isRunningHere(record.id)) this.progress?.follow(record.id);
      else this.progress?.unfollow(record.id);
    });
  }

  /** This host runs `record` now: its progress is its own, not news to receive. */
  runHere(record: RunRecord): void {
    record.watchListeners(undefined);
    this.progress?.unfollow(record.id);
  }

  /** Follows `stored` from here; re-read once tracked, so an end published meanwhile is not missed. */
  async follow(stored: StoredRun): Promise<RunRecord> {
    const existing = this.queue.find(stored.id);
    if (existing) return existing;
    const record = recordOf(stored);
    this.watch(record);
    this.queue.track(record);
    await this.settle(record);
    return record;
  }

  /** News from the host running a run: applied to the run followed here, if any. */
  onNews(news: RunNews): void {
    const record = this.queue.find(news.run);
    if (!record || record.ended) return;
    if (this.queue.isRunningHere(news.run)) {
      if (news.type === 'cancel') record.requestCancel(news.reason);
      // Only another host ends a run this host runs: this host was found lost (a freeze past its lease).
      else if (news.type === 'ended') void this.stopIfEndedElsewhere(record).catch(() => {});
      return;
    }
    if (news.type === 'started') {
      record.origin.host = news.host;
      record.start();
    } else if (news.type === 'progress') {
      record.start();
      record.reportProgress(news.snapshot);
    } else if (news.type === 'ended') {
      void this.settle(record).catch(() => {});
    }
  }

  /** Brings a followed run up to the store: started, or ended with the stored outcome. */
  async settle(record: RunRecord): Promise<void> {
    const stored = await this.queue.keeper.store.get(record.id);
    if (!stored || record.ended || stored.status === 'queued') return;
    if (stored.host !== undefined) record.origin.host = stored.host;
    if (stored.status === 'running') {
      record.start();
      return;
    }
    // Its start may not have reached this host first (news travel on separate connections).
    record.startedAt ??= stored.startedAt;
    record.end(storedOutcome(stored), stored.endedAt);
  }

  /**
   * Followed runs that the store says have moved on (news missed while disconnected), and a run
   * running here that the store says has ended (this host was found lost while frozen).
   */
  async reconcile(): Promise<void> {
    const unended = this.queue.list().filter((record) => !record.ended);
    if (unended.length === 0) return;
    const statuses = await this.db.statusOf(unended.map((record) => record.id));
    for (const record of unended) {
      const status = statuses.get(record.id);
      if (status === undefined || status === record.status) continue;
      if (!this.queue.isRunningHere(record.id)) await this.settle(record);
      else if (status !== 'queued' && status !== 'running') await this.stopIfEndedElsewhere(record);
    }
  }

  /**
   * A run running here that another host has ended (`host_lost`: this host froze past its lease):
   * its end in the store is final, so running on would only burn the cores. It is stopped; the
   * queue then finds its end refused by the store and ends it here with the stored outcome.
   */
  async stopIfEndedElsewhere(record: RunRecord): Promise<void> {
    const stored = await this.queue.keeper.store.get(record.id);
    if (!stored || stored.status === 'queued' || stored.status === 'running' || record.ended) return;
    record.requestCancel(`the run had already ended elsewhere (${stored.error?.code ?? stored.status})`);
  }
}

/** A stored run as a record this server can follow (or run, once claimed here). */
export function recordOf(stored: StoredRun): RunRecord {
  return new RunRecord(
    stored.id,
    stored.config,
    stored.client ?? 'anonymous',
    { host: stored.host, clientHash: stored.client, group: stored.group },
    stored.createdAt,
  );
}
