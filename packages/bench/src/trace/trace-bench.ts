/**
 * The trace's costs (issue #18): each strategy's throughput with and without `trace`, runs taking
 * turns on one warm runner; how long core's analysis of the logs takes per 1,000,000 increments
 * (timed inside core, through the internal probe); and whether tracing hides the race: the share of
 * 100 traced `none` trials at the seed's size that lost updates, beside 100 untraced ones (taking turns).
 */
import type { ExperimentRunner } from '@racelab/core';
import { analyzeTrace, FULL_DETAIL, stats, withTraceProbe } from '@racelab/core/internal';
import { STRATEGIES, type Stats, type Strategy } from '@racelab/schema';
import type { BenchLog } from '../bench.js';
import { CpuMeter } from '../cpu-meter.js';

export interface TraceSettings {
  /** The throughput point (trace's cap: workers × iterations ≤ 16,777,216). */
  readonly workers: number;
  readonly iterations: number;
  /** Paired untraced / traced runs per strategy, after one warm-up pair. */
  readonly rounds: number;
  /** The loss-rate check: trials of `none` at the seed's size (10 × 100,000), traced and not. */
  readonly lossTrials: number;
  /** Re-analyses of one `none` trial's logs, on a warm main thread. */
  readonly analysisRepeats: number;
}

export interface TraceCost {
  strategy: Strategy;
  untraced: Stats;
  traced: Stats;
  /** traced median / untraced median. */
  ratio: number;
  /** core's analysis of each traced trial, ms per 1,000,000 increments. */
  analysisMsPerMillion: Stats;
}

export interface TraceLossRate {
  trials: number;
  /** Trials that lost at least one update. */
  tracedLossy: number;
  untracedLossy: number;
  tracedLost: Stats | null;
  untracedLost: Stats | null;
}

export interface TraceReport {
  workers: number;
  iterations: number;
  cost: TraceCost[];
  analysis: {
    /** The first analysis in this process (cold JIT), of a `none` trial at the seed's 10 × 100,000, ms per 1,000,000 increments. */
    firstMsPerMillion: number;
    /** One `none` trial's logs analysed again and again with full detail: ms per 1,000,000. */
    warmMsPerMillion: Stats;
    reads: number;
  };
  loss: TraceLossRate;
  /** Other processes' share of the CPU during this section (idle machine: ~0). */
  interference: number;
}

const perMillion = (ms: number, reads: number) => (ms / reads) * 1e6;

export async function measureTrace(
  runner: ExperimentRunner,
  settings: TraceSettings,
  log: BenchLog = () => {},
): Promise<TraceReport> {
  const meter = new CpuMeter();
  const report = await meter.around(() => measureSection(runner, settings, log));
  return { ...report, interference: meter.othersShare };
}

async function measureSection(
  runner: ExperimentRunner,
  settings: TraceSettings,
  log: BenchLog,
): Promise<Omit<TraceReport, 'interference'>> {
  const { workers, iterations, rounds } = settings;
  const analysisTimes: number[] = [];
  let kept: { logs: Int32Array[]; finalCounter: number } | undefined;
  // First, before any analysis ran in this process: what a one-shot `racelab run --trace` pays.
  let firstMsPerMillion = Number.NaN;
  const seed = { strategy: 'none', workers: 10, iterations: 100_000, trace: true } as const;
  await runner.run(
    seed,
    withTraceProbe({}, (sample) => {
      firstMsPerMillion = perMillion(sample.analysisMs, sample.reads);
    }),
  );
  const probeOptions = withTraceProbe({}, (sample) => {
    const value = perMillion(sample.analysisMs, sample.reads);
    analysisTimes.push(value);
    kept = { logs: sample.logs.map((entry) => entry.slice()), finalCounter: sample.finalCounter };
  });

  const cost: TraceCost[] = [];
  let noneLogs: typeof kept;
  for (const strategy of STRATEGIES) {
    log(`trace cost: ${strategy}, ${workers} × ${iterations.toLocaleString('en-US')}, untraced and traced`);
    const untraced: number[] = [];
    const traced: number[] = [];
    analysisTimes.length = 0;
    for (let round = -1; round < rounds; round++) {
      const plain = await runner.run({ strategy, workers, iterations });
      const withTrace = await runner.run({ strategy, workers, iterations, trace: true }, probeOptions);
      for (const result of [plain, withTrace]) {
        if (result.status !== 'completed') throw new Error(`${strategy}: ${result.error?.message ?? result.status}`);
      }
      if (round < 0) continue; // warm-up pair
      untraced.push(plain.trials[0]?.opsPerSecond ?? 0);
      traced.push(withTrace.trials[0]?.opsPerSecond ?? 0);
    }
    if (strategy === 'none') noneLogs = kept;
    const untracedStats = stats(untraced) as Stats;
    const tracedStats = stats(traced) as Stats;
    cost.push({
      strategy,
      untraced: untracedStats,
      traced: tracedStats,
      ratio: tracedStats.median / untracedStats.median,
      analysisMsPerMillion: stats(analysisTimes.slice(1)) as Stats,
    });
  }

  log(`trace analysis: one none trial's logs, ${settings.analysisRepeats} times`);
  const warm: number[] = [];
  const reads = noneLogs?.logs.reduce((sum, entry) => sum + entry.length, 0) ?? 0;
  for (let repeat = 0; noneLogs && repeat < settings.analysisRepeats; repeat++) {
    const startedAt = performance.now();
    analyzeTrace(noneLogs.logs, noneLogs.finalCounter, FULL_DETAIL);
    warm.push(perMillion(performance.now() - startedAt, reads));
  }

  log(`trace loss rate: none, 10 × 100,000, ${settings.lossTrials} trials traced and untraced`);
  const loss = await measureLossRate(runner, settings.lossTrials);
  return {
    workers,
    iterations,
    cost,
    analysis: { firstMsPerMillion, warmMsPerMillion: stats(warm) as Stats, reads },
    loss,
  };
}

/** Traced and untraced runs take turns, 10 trials at a time, so a busy spell of the machine hits both alike. */
async function measureLossRate(runner: ExperimentRunner, trials: number): Promise<TraceLossRate> {
  const traced: number[] = [];
  const untraced: number[] = [];
  while (traced.length < trials) {
    const batch = Math.min(10, trials - traced.length);
    const seed = { strategy: 'none', workers: 10, iterations: 100_000, trials: batch } as const;
    for (const [trace, into] of [
      [true, traced],
      [false, untraced],
    ] as const) {
      const result = await runner.run({ ...seed, trace });
      if (result.status !== 'completed') throw new Error(`none: ${result.error?.message ?? result.status}`);
      into.push(...result.trials.map((trial) => trial.lostUpdates));
    }
  }
  return {
    trials,
    tracedLossy: traced.filter((value) => value > 0).length,
    untracedLossy: untraced.filter((value) => value > 0).length,
    tracedLost: stats(traced),
    untracedLost: stats(untraced),
  };
}
