/**
 * The size of a traced result, as an upper bound: for each trial, a trace shaped by the budget
 * (how many rollbacks, whether pairs and views, how many points) with every number at the largest
 * value the config allows (a pair count ≤ iterations, a value read ≤ workers × iterations, …), for the
 * configs at the corners of the trace's limit, over 100 trials. A real trace is never longer.
 */
import { type Trace, TraceSchema } from '@racelab/schema';
import { describe, expect, it } from 'vitest';
import { analyzeTrace } from './analyze-trace.js';
import { detailedTrials, traceDetailFor } from './trace-budget.js';

const MIB = 1024 * 1024;

function largestTrace(workers: number, iterations: number, trial: number, trials: number): Trace {
  const reads = workers * iterations;
  const detail = traceDetailFor(trial, workers, trials);
  const rollback = {
    seenBy: workers - 1,
    iteration: iterations - 1,
    from: reads,
    to: 1,
    erased: reads - 1,
    writer: Math.max(0, workers - 2),
  };
  const trace: Trace = {
    repeatedReads: reads,
    readsAboveFinal: reads,
    rollbacks: { count: reads, erased: reads * reads, biggest: Array(detail.biggest).fill(rollback) },
  };
  if (detail.pairs) trace.pairs = Array.from({ length: workers }, () => Array(workers).fill(iterations));
  if (detail.viewPoints > 0) {
    const points = Math.min(detail.viewPoints, iterations);
    trace.views = Array.from({ length: workers }, (_, worker) => ({
      worker,
      points: Array.from({ length: points }, (): [number, number] => [iterations - 1, reads]),
    }));
  }
  return trace;
}

function traceBytes(workers: number, iterations: number, trials: number): number {
  const traces = Array.from({ length: trials }, (_, trial) => largestTrace(workers, iterations, trial, trials));
  for (const trace of traces.slice(0, 2)) TraceSchema.parse(trace);
  return JSON.stringify(traces).length;
}

describe('trace budget', () => {
  it('keeps pairs and views for the first trials only, and up to 500 points a worker', () => {
    expect(detailedTrials(10, 100)).toBe(3);
    expect(detailedTrials(10, 1)).toBe(1);
    expect(detailedTrials(256, 100)).toBe(1);
    expect(traceDetailFor(0, 10, 1)).toEqual({ biggest: 20, pairs: true, viewPoints: 500, viewRollbacks: 20 });
    expect(traceDetailFor(2, 10, 100)).toMatchObject({ pairs: true, viewPoints: 400 });
    expect(traceDetailFor(3, 10, 100)).toEqual({ biggest: 5, pairs: false, viewPoints: 0, viewRollbacks: 0 });
    expect(traceDetailFor(0, 256, 100)).toEqual({ biggest: 20, pairs: true, viewPoints: 46, viewRollbacks: 11 });
  });

  it('analyses as the budget says: the views, pairs and rollbacks it asks for', () => {
    const logs = Array.from({ length: 4 }, (_, worker) =>
      Int32Array.from({ length: 2_000 }, (_, i) => (i % 100 === 99 ? worker : i)),
    );
    const first = analyzeTrace(logs, 2_000, traceDetailFor(0, 4, 10)).trace;
    for (const view of first.views ?? []) expect(view.points.length).toBeGreaterThan(400);
    for (const view of first.views ?? []) expect(view.points.length).toBeLessThanOrEqual(500);
    expect(first.views).toHaveLength(4);
    expect(first.pairs).toHaveLength(4);
    expect(first.rollbacks.biggest.length).toBeLessThanOrEqual(20);
    const later = analyzeTrace(logs, 2_000, traceDetailFor(5, 4, 10)).trace;
    expect(later.views).toBeUndefined();
    expect(later.pairs).toBeUndefined();
    expect(later.rollbacks.biggest.length).toBeLessThanOrEqual(5);
  });

  it.each([
    [256, 65_536],
    [64, 262_144],
    [32, 524_288],
    [10, 1_677_721],
    [1, 16_777_216],
  ])('keeps the traces of 100 trials under 1 MiB of JSON: %i workers × %i iterations', (workers, iterations) => {
    const bytes = traceBytes(workers, iterations, 100);
    expect(bytes).toBeLessThan(MIB);
  });
});
