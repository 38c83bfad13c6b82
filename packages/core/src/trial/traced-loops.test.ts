/**
 * The traced loops, driven in this thread through the worker's side of a run (as worker.test.ts
 * does for the untraced ones): each logs the value it read at every increment, in its own region.
 */
import { STRATEGIES } from '@racelab/schema';
import { describe, expect, it } from 'vitest';
import { COUNTER, createRunLayout, GENERATION, WORKER_COMPLETED, workerSlot } from './layout.js';
import type { WorkerMessage } from './protocol.js';
import { createTraceLog, workerLog } from './trace-log.js';
import { runTrials } from './worker.js';

describe('traced loops (the worker side, in this thread)', () => {
  it.each(STRATEGIES)('%s: logs the value each increment read, trial after trial in the same log', (strategy) => {
    const iterations = 10_000;
    // Two workers' regions; this thread plays worker 1, so worker 0's region must stay untouched.
    const layout = createRunLayout(2);
    const traceLog = createTraceLog(2, iterations);
    const logged: number[][] = [];
    runTrials(
      { type: 'run', buffer: layout.buffer, workers: 2, index: 1, strategy, iterations, trials: 2, gate: 1, traceLog },
      (message: WorkerMessage) => {
        if (message.type === 'ready') Atomics.store(layout.ints, GENERATION, message.trial + 1);
        if (message.type === 'done') {
          expect(message.stats.completed).toBe(iterations);
          logged.push(Array.from(workerLog(traceLog, 1, iterations)));
        }
      },
    );
    // Alone, the worker reads 0, 1, 2, …; the runner did not reset the counter, so trial 2 goes on from there.
    expect(logged[0]).toEqual(Array.from({ length: iterations }, (_, i) => i));
    expect(logged[1]).toEqual(Array.from({ length: iterations }, (_, i) => iterations + i));
    expect(Atomics.load(layout.ints, COUNTER)).toBe(2 * iterations);
    expect(Atomics.load(layout.ints, workerSlot(1) + WORKER_COMPLETED)).toBe(iterations);
    expect(workerLog(traceLog, 0, iterations).every((value) => value === 0)).toBe(true);
  });
});
