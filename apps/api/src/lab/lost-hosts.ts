/**
 * What a lab does about hosts that stop answering. graphile-worker's open-source edition leaves a
 * dead worker's job locked for hours; racelab's own heartbeat finds the host, and the library's
 * admin calls release its job. Every host sweeps; the database decides which one handles each loss.
 */
import type { LabDatabase, LostHost } from '@racelab/store';
import type { WorkerUtils } from 'graphile-worker';
import type { RunNews } from './run-channel.js';

export interface LostHostsContext {
  db: LabDatabase;
  utils: WorkerUtils | undefined;
  queueSchema: string;
  publish: (news: RunNews) => void;
  log: (line: string) => void;
}

const silentMessage = (name: string) => `host ${name} stopped answering for longer than its lease`;

/**
 * Marks hosts silent past their lease `lost` and releases what each held; then ends the runs still
 * queued for (or running on) hosts lost for longer than their lease: nothing waits for them forever.
 */
export async function sweepLostHosts(context: LostHostsContext): Promise<void> {
  const { db } = context;
  for (const lost of await db.takeLostHosts()) {
    context.log(`lab: host ${lost.name} is lost (silent for more than its lease)`);
    await releaseHost(context, lost, 'host_lost', silentMessage(lost.name));
  }
  for (const name of await db.lostHostNames()) {
    for (const id of await db.runsOf(name, ['queued', 'running'])) {
      if (await db.endRun(id, ['queued', 'running'], 'failed', { code: 'host_lost', message: silentMessage(name) })) {
        await db.removeJob(context.queueSchema, id).catch(() => {});
        context.publish({ type: 'ended', run: id });
      }
    }
  }
}

/** Releases the job a gone host held and ends the run it was running with `code`. */
export async function releaseHost(
  context: LostHostsContext,
  host: LostHost,
  code: 'host_lost' | 'interrupted',
  message: string,
): Promise<void> {
  if (host.workerId) await context.utils?.forceUnlockWorkers([host.workerId]);
  // Its one attempt is spent: completing the job removes it, so it is never run again.
  if (host.jobId) await context.utils?.completeJobs([host.jobId]);
  if (
    host.runningRun &&
    (await context.db.endRun(host.runningRun, ['running', 'queued'], 'failed', { code, message }))
  ) {
    context.publish({ type: 'ended', run: host.runningRun });
  }
}
