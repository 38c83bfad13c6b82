import type { ExperimentResult, StoredRun } from '@racelab/schema';

export interface RunShape {
  id: string;
  createdAt?: string;
  status?: StoredRun['status'];
  strategy?: StoredRun['config']['strategy'];
  host?: string;
  source?: StoredRun['source'];
  group?: string;
  runtime?: 'node' | 'bun' | 'deno' | 'browser';
  workers?: number;
}

/**
 * A stored run shaped like a real seed-sized one (10 workers × 100,000, 1 trial, no trace), for
 * tests and the bench. Ended runs carry a result; queued and running ones do not.
 */
export function makeStoredRun(shape: RunShape): StoredRun {
  const createdAt = shape.createdAt ?? '2026-12-03T12:00:00.000Z';
  const status = shape.status ?? 'completed';
  const strategy = shape.strategy ?? 'mutex';
  const workers = shape.workers ?? 10;
  const config = { strategy, workers, iterations: 100_000, trials: 1 };
  const run: StoredRun = {
    id: shape.id,
    status,
    config,
    source: shape.source ?? 'api',
    verified: true,
    createdAt,
  };
  if (shape.host !== undefined) run.host = shape.host;
  if (shape.group !== undefined) run.group = shape.group;
  if (status === 'queued') return run;
  run.startedAt = createdAt;
  if (status === 'running') return run;
  run.endedAt = new Date(Date.parse(createdAt) + 95).toISOString();
  run.result = makeResult(run, shape.runtime ?? 'node');
  return run;
}

function makeResult(run: StoredRun, runtime: 'node' | 'bun' | 'deno' | 'browser'): ExperimentResult {
  const { workers, iterations } = run.config;
  const expected = workers * iterations;
  const lost = run.config.strategy === 'none' ? Math.floor(expected * 0.42) : 0;
  const ops = 10_912_345.67;
  const result: ExperimentResult = {
    id: run.id,
    status: run.status as ExperimentResult['status'],
    config: run.config,
    expected,
    trials: [
      {
        actual: expected - lost,
        lostUpdates: lost,
        spawnMs: 12.34,
        runMs: 91.62,
        opsPerSecond: ops,
        workers: Array.from({ length: workers }, (_, index) => ({
          index,
          increments: iterations,
          runMs: 90.1 + index / 10,
          contended: 41_234 + index,
          waits: 1_234 + index,
          spins: 98_765 + index,
          share: 0.95 + index / 100,
          waitMs: { p50: 0, p99: 0.012, max: 1.234 },
        })),
        fairness: {
          jainIndex: 0.998,
          leastShare: 0.93,
          waitMs: { p50: 0, p99: 0.011, max: 1.5 },
          timedAcquisitions: 412_345,
        },
      },
    ],
    summary: {
      correct: lost === 0,
      lostUpdates: { min: lost, median: lost, max: lost },
      opsPerSecond: { min: ops, median: ops, max: ops },
    },
    environment: {
      runtime: { name: runtime, version: runtime === 'node' ? 'v20.20.2' : '2.1.0' },
      node: 'v20.20.2',
      v8: '11.3.244.8-node.33',
      platform: 'linux',
      arch: 'x64',
      cpus: 2,
      cpuModel: 'Intel(R) Xeon(R) CPU @ 2.20GHz',
      host: run.host ?? 'lab-1',
    },
    startedAt: run.startedAt ?? run.createdAt,
    finishedAt: run.endedAt ?? run.createdAt,
  };
  if (run.status !== 'completed') result.error = { code: 'cancelled', message: 'cancelled by the user' };
  return result;
}
