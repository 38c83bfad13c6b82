/**
 * Runs this host follows but does not run: submitted here and queued in the lab, or running on
 * another host while a client here watches them. Each is a `RunRecord` in this server's queue, fed
 * by the lab's news (started, progress, ended) and, for anything news missed, by the run store.
 */

import type { StoredRun } from '@racelab/schema';
import type { LabDatabase } from '@racelab/store';
import type { RunQueue } from '../runs/run-queue.js';
import { type RunOutcome, RunRecord } from '../runs/run-record.js';
import type { RunNews } from './run-channel.js';

export class FollowedRuns {
  constructor(
    readonly queue: RunQueue,
    readonly db: LabDatabase,
  ) {}

  /** Follows `stored` from here; re-read once tracked, so an end published meanwhile is not missed. */
  async follow(stored: StoredRun): Promise<RunRecord> {
    const existing = this.queue.find(stored.id);
    if (existing) return existing;
    const record = recordOf(stored);
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
    record.end(outcomeOf(stored), stored.endedAt);
  }

  /** Followed runs that the store says have moved on (news missed while disconnected). */
  async reconcile(): Promise<void> {
    const followed = this.queue.list().filter((record) => !record.ended && !this.queue.isRunningHere(record.id));
    if (followed.length === 0) return;
    const statuses = await this.db.statusOf(followed.map((record) => record.id));
    for (const record of followed) {
      const status = statuses.get(record.id);
      if (status !== undefined && status !== record.status) await this.settle(record);
    }
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

function outcomeOf(stored: StoredRun): RunOutcome {
  if (stored.result) return { result: stored.result };
  const status = stored.status === 'cancelled' ? 'cancelled' : 'failed';
  return { status, error: stored.error ?? { code: 'internal', message: 'the run ended without a result' } };
}
