/**
 * The whole bench, in one process run: racelab's strategies and the anchors at every point of the
 * worker and iterations sweeps, then start-up, telemetry and memory costs, then a one-shot run
 * against the Python seed. Every ratio compares numbers measured here, in this run.
 */
import { ExperimentRunner } from '@racelab/core';
import { measureInChild } from './anchors/child-anchor.js';
import { measureSingleThread } from './anchors/single-thread.js';
import { CpuMeter } from './cpu-meter.js';
import { type BenchEnvironment, benchEnvironment } from './environment.js';
import { type FairnessReport, measureFairness } from './fairness/fairness-bench.js';
import { type Measurement, withRatios } from './measurement.js';
import { compareOneShot, type OneShotComparison } from './one-shot.js';
import {
  type MemoryUse,
  MiB,
  measureStartup,
  measureTelemetry,
  peakRssMiB,
  type StartupCost,
  type TelemetryCost,
} from './overheads.js';
import { measureRuntimes, type RuntimeTable } from './runtimes/runtime-table.js';
import type { BenchSettings } from './settings.js';
import { measureStore, type StoreReport } from './store/store-bench.js';
import { measureStrategies } from './strategies.js';
import { checkTargets, type TargetCheck } from './targets.js';
import { measureTrace, type TraceReport } from './trace/trace-bench.js';

export interface BenchReport {
  environment: BenchEnvironment;
  settings: BenchSettings;
  startedAt: string;
  durationMs: number;
  /** One entry per worker count, all at `settings.sweepTotal` increments per trial. */
  workerSweep: Measurement[][];
  /** One entry per iteration count, at `settings.iterationsWorkers` workers. */
  iterationSweep: Measurement[][];
  startup: StartupCost;
  telemetry: TelemetryCost[];
  memory: MemoryUse;
  oneShot: OneShotComparison;
  /** Issue #11: how evenly each lock is shared, how long threads wait, the old lock against the new. */
  fairness: FairnessReport;
  targets: TargetCheck[];
  /** Each strategy on every runtime present (Node versions, Bun, Deno, Chromium, Firefox, WebKit), runtimes taking turns. */
  runtimes: RuntimeTable;
  /** Issue #18: the trace's cost per strategy, its analysis time, and the traced race's loss rate. */
  trace: TraceReport;
  /** Other processes' share of the machine's CPU time while the strategies ran (idle machine: ~0). */
  interference: number;
  /** Issue 17: the run store on SQLite and PostgreSQL. */
  store: StoreReport;
}

export type BenchLog = (message: string) => void;

export async function runBench(settings: BenchSettings, log: BenchLog = () => {}): Promise<BenchReport> {
  const startedAt = new Date();
  const environment = benchEnvironment();
  const baselineRss = process.memoryUsage().rss;
  const runner = new ExperimentRunner({
    maxIdleWorkers: Math.max(...settings.workerCounts, settings.iterationsWorkers),
  });
  let rssWithAll = baselineRss;
  const meter = new CpuMeter();
  try {
    const workerSweep: Measurement[][] = [];
    for (const workers of settings.workerCounts) {
      const iterations = Math.max(1, Math.round(settings.sweepTotal / workers));
      log(`worker sweep: ${workers} × ${iterations.toLocaleString('en-US')}`);
      workerSweep.push(await measurePoint(runner, settings, workers, iterations, meter));
      rssWithAll = Math.max(rssWithAll, process.memoryUsage().rss);
    }
    const iterationSweep: Measurement[][] = [];
    for (const iterations of settings.iterationCounts) {
      log(`iterations sweep: ${settings.iterationsWorkers} × ${iterations.toLocaleString('en-US')}`);
      iterationSweep.push(await measurePoint(runner, settings, settings.iterationsWorkers, iterations, meter));
    }
    log('start-up: cold one-shot against warm rerun');
    const startup = await measureStartup(runner, settings.overheadRepeats);
    log('telemetry: progress sampling off / 50 ms / 10 ms');
    const telemetry = [
      await measureTelemetry(runner, 'mutex', settings.telemetryIterations, settings.telemetryRounds),
      await measureTelemetry(runner, 'atomic', settings.telemetryIterations, settings.telemetryRounds),
    ];
    const trace = await measureTrace(runner, settings.trace, log);
    const largest = Math.max(...settings.workerCounts);
    await runner.close();
    const fairness = await measureFairness(settings.fairness, log);
    log('one-shot: racelab against the Python seed script, start to exit');
    const oneShot = compareOneShot(settings.oneShotRepeats, settings.hyperfine);
    const { rounds, ...point } = settings.runtimeTable;
    const runtimes = await measureRuntimes(point, rounds, log);
    const store = await measureStore(settings.store, log);
    const memory: MemoryUse = {
      baselineRssMiB: baselineRss / MiB,
      rssWith64WorkersMiB: rssWithAll / MiB,
      perWorkerMiB: (rssWithAll - baselineRss) / MiB / largest,
      peakRssMiB: peakRssMiB(),
    };
    const targetPoint = iterationSweep[iterationSweep.length - 1] ?? [];
    return {
      environment,
      settings,
      startedAt: startedAt.toISOString(),
      durationMs: Date.now() - startedAt.getTime(),
      workerSweep,
      iterationSweep,
      startup,
      telemetry,
      memory,
      oneShot,
      fairness,
      targets: checkTargets({ targetPoint, workerSweep, telemetry, startup, oneShot, fairness }),
      runtimes,
      trace,
      interference: meter.othersShare,
      store,
    };
  } finally {
    await runner.close();
  }
}

/** Every subject at one point. racelab's four take turns trial by trial; the anchors follow. */
async function measurePoint(
  runner: ExperimentRunner,
  settings: BenchSettings,
  workers: number,
  iterations: number,
  meter: CpuMeter,
): Promise<Measurement[]> {
  const { trials } = settings;
  const capped = (maxTotal: number) => Math.max(1, Math.min(iterations, Math.floor(maxTotal / workers)));
  const strategies = await meter.around(() => measureStrategies(runner, workers, iterations, trials));
  // Deadlines assume at least 2 M ops/s for Atomics.Mutex (10–30 M measured) and 500 for Web Locks.
  const atomicsMutex = await measureInChild(
    { kind: 'atomics-mutex', workers, iterations: capped(settings.nativeMutexMaxTotal), trials },
    2_000_000,
  );
  const webLocks = await measureInChild(
    { kind: 'web-locks', workers, iterations: capped(settings.webLocksMaxTotal), trials },
    500,
  );
  const singleThread = measureSingleThread(workers * iterations, trials, workers);
  return withRatios([...strategies, atomicsMutex, webLocks, singleThread]);
}
