import { MemoryRunStore } from '@racelab/store';
import { describe, expect, it } from 'vitest';
import { LONG_RUN, LONG_RUN_LIMITS, waitUntil } from '../../test/support/test-app.js';
import { RunKeeper } from '../store/run-keeper.js';
import { RunQueue } from './run-queue.js';
import { RunRecord } from './run-record.js';

describe('RunQueue and a run ended elsewhere', () => {
  it('tells its clients the stored end, not its late result, and says so in one log line', async () => {
    const store = new MemoryRunStore();
    const lines: string[] = [];
    const queue = new RunQueue({
      keeper: new RunKeeper(store),
      limits: LONG_RUN_LIMITS,
      log: (line) => lines.push(line),
    });
    const record = queue.submit(LONG_RUN);
    await waitUntil(() => record.status === 'running');
    // What another host of a lab does to the run of a host it found lost.
    const lost = {
      ...record.toStoredRun(),
      status: 'failed' as const,
      endedAt: new Date().toISOString(),
      error: { code: 'host_lost' as const, message: 'host lab-3 stopped answering for longer than its lease' },
    };
    expect(await store.save(lost)).toBe(true);
    record.requestCancel('stopped by the test');
    await record.whenEnded;
    expect(record.status).toBe('failed');
    expect(record.error?.code).toBe('host_lost');
    expect(record.result).toBeUndefined();
    expect(record.endedAt).toBe(lost.endedAt);
    expect(await store.get(record.id)).toEqual(lost);
    expect(lines).toEqual([
      `run ${record.id} had already ended elsewhere (failed: host_lost); this host's result (cancelled) was not kept`,
    ]);
    await queue.close();
  });

  it('keeps a run it ends itself as before', async () => {
    const store = new MemoryRunStore();
    const queue = new RunQueue({ keeper: new RunKeeper(store) });
    const record = queue.submit({ strategy: 'mutex', workers: 2, iterations: 1_000 });
    await record.whenEnded;
    expect(record.status).toBe('completed');
    expect((await store.get(record.id))?.status).toBe('completed');
    expect(await new RunKeeper(store).save(record.toStoredRun())).toBe('final');
    await queue.close();
  });

  it('keeps the record it runs when a lab submission tracks the same run after its worker took it', async () => {
    const queue = new RunQueue({ limits: LONG_RUN_LIMITS });
    const config = queue.admit(LONG_RUN);
    // The lab's worker claimed the job before the submitting request resumed: it runs its own record.
    const running = new RunRecord('same-run', config, 'client');
    const execution = queue.runHere(running);
    await waitUntil(() => running.status === 'running');
    const submitted = new RunRecord('same-run', config, 'client');
    expect(queue.track(submitted)).toBe(running);
    expect(queue.find('same-run')).toBe(running);
    expect(queue.isRunningHere('same-run')).toBe(true);
    const cancelled = await queue.cancel('same-run');
    expect(cancelled.status).toBe('cancelled');
    await execution;
    await queue.close();
  });

  it('runs a lab run’s beforeEnd once it has stopped, before its end is written or told', async () => {
    const store = new MemoryRunStore();
    const queue = new RunQueue({ keeper: new RunKeeper(store) });
    const config = queue.admit({ strategy: 'mutex', workers: 2, iterations: 1_000 });
    const record = new RunRecord('lab-run', config, 'client');
    const seen: Array<{ stored: string | undefined; ended: boolean }> = [];
    await queue.runHere(record, async () => {
      seen.push({ stored: (await store.get(record.id))?.status, ended: record.ended });
    });
    expect(seen).toEqual([{ stored: 'running', ended: false }]);
    expect((await store.get(record.id))?.status).toBe('completed');
    expect(record.status).toBe('completed');
    await queue.close();
  });

  it('does not let a beforeEnd that fails or hangs hold the run’s end', async () => {
    const queue = new RunQueue({ keeper: new RunKeeper(new MemoryRunStore()) });
    const config = queue.admit({ strategy: 'mutex', workers: 2, iterations: 1_000 });
    const failing = new RunRecord('failing', config, 'client');
    await queue.runHere(failing, () => Promise.reject(new Error('PostgreSQL away')));
    expect(failing.status).toBe('completed');
    const hanging = new RunRecord('hanging', config, 'client');
    await queue.runHere(hanging, () => new Promise<void>(() => {}));
    expect(hanging.status).toBe('completed');
    await queue.close();
  }, 30_000);
});
