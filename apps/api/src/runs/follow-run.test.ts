import type { ProgressSnapshot } from '@racelab/schema';
import { describe, expect, it } from 'vitest';
import { followRun } from './follow-run.js';
import { RunRecord } from './run-record.js';

const config = { strategy: 'mutex', workers: 1, iterations: 10, trials: 1 } as const;

function snapshot(counter: number): ProgressSnapshot {
  return {
    runId: 'r',
    strategy: 'mutex',
    elapsedMs: counter,
    trial: 0,
    trials: 1,
    counter,
    completed: counter,
    expected: 10,
    workers: [counter],
  };
}

describe('followRun', () => {
  it('hands a slow reader only the newest sample, then ends with the run', async () => {
    const record = new RunRecord('r', config, 'test');
    record.start();
    const updates = followRun(record, new AbortController().signal);
    const first = updates.next();
    record.reportProgress(snapshot(1));
    expect(await first).toMatchObject({ value: { type: 'progress', snapshot: { counter: 1 } } });
    for (let counter = 2; counter <= 9; counter++) record.reportProgress(snapshot(counter));
    expect(await updates.next()).toMatchObject({ value: { type: 'progress', snapshot: { counter: 9 } } });
    record.end({ status: 'failed', error: { code: 'internal', message: 'test' } });
    expect(await updates.next()).toEqual({ done: true, value: undefined });
    expect(record.listenerCount).toBe(0);
  });

  it('stops and unsubscribes when the signal aborts', async () => {
    const record = new RunRecord('r', config, 'test');
    const controller = new AbortController();
    const updates = followRun(record, controller.signal);
    const next = updates.next();
    await Promise.resolve();
    expect(record.listenerCount).toBe(1);
    controller.abort();
    expect(await next).toEqual({ done: true, value: undefined });
    expect(record.listenerCount).toBe(0);
  });

  it('keeps an idle stream alive', async () => {
    const record = new RunRecord('r', config, 'test');
    const controller = new AbortController();
    const updates = followRun(record, controller.signal, 10);
    expect(await updates.next()).toEqual({ done: false, value: { type: 'keep-alive' } });
    controller.abort();
    await updates.return(undefined);
  });
});
