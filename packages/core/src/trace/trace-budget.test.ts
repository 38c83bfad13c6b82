/**
 * The size of a traced result, worst cases: logs built so that every number in the trace is as
 * long as the config allows (every pair of workers collides on every value, a full list of big
 * rollbacks, views of the largest values), for the configs at the corners of the trace's limit,
 * over 100 trials.
 */
import type { Trace } from '@racelab/schema';
import { describe, expect, it } from 'vitest';
import { analyzeTrace } from './analyze-trace.js';
import { detailedTrials, traceDetailFor } from './trace-budget.js';

const MIB = 1024 * 1024;

/** Every worker reads 0, 1, …, iterations − 1, except that every 1/25th it reads 0 again (a rollback). */
function adversarialLogs(workers: number, iterations: number): Int32Array[] {
  return Array.from({ length: workers }, (_, worker) => {
    const log = new Int32Array(iterations);
    for (let i = 0; i < iterations; i++) log[i] = i;
    const step = Math.max(2, Math.floor(iterations / 25));
    for (let i = step; i < iterations; i += step) log[i] = worker % 2;
    return log;
  });
}

function traceBytes(workers: number, iterations: number, trials: number): number {
  const logs = adversarialLogs(workers, iterations);
  // Trials with the same detail give the same trace from the same logs: analyse once per detail.
  const byDetail = new Map<string, Trace>();
  const traces: Trace[] = [];
  for (let trial = 0; trial < trials; trial++) {
    const detail = traceDetailFor(trial, workers, trials);
    const key = JSON.stringify(detail);
    let trace = byDetail.get(key);
    if (!trace) {
      trace = analyzeTrace(logs, iterations, detail).trace;
      byDetail.set(key, trace);
    }
    traces.push(trace);
  }
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
