import { stats } from '@racelab/core/internal';
import { beforeAll, describe, expect, it } from 'vitest';
import { type BenchReport, runBench } from './bench.js';
import { hyperfineVersion, runHyperfine } from './hyperfine.js';
import { renderChart } from './report/svg.js';
import { formatReport } from './report/table.js';
import { tinySettings } from './settings.js';
import { SUBJECTS } from './subjects.js';

// A smoke test of the harness on almost no work: every section runs and reports. It says nothing
// about speed; `pnpm bench` does.
describe('runBench (tiny settings)', () => {
  let report: BenchReport;
  beforeAll(async () => {
    report = await runBench(tinySettings);
  }, 120_000);

  it('measures every subject at every point, with ratios to atomic from the same point', () => {
    for (const point of [...report.workerSweep, ...report.iterationSweep]) {
      expect(point.map((entry) => entry.subject)).toEqual(SUBJECTS);
      const atomic = point.find((entry) => entry.subject === 'atomic');
      expect(atomic?.ratioToAtomic).toBe(1);
      for (const entry of point) {
        if (entry.unavailable) continue;
        expect(entry.samples).toHaveLength(tinySettings.trials);
        // ops/s is what was counted over the time it took, not a number made up elsewhere.
        for (const sample of entry.samples) {
          expect(sample.opsPerSecond).toBeCloseTo(sample.increments / (sample.runMs / 1000), 0);
        }
        expect(entry.opsPerSecond?.median).toBe(stats(entry.samples.map((sample) => sample.opsPerSecond))?.median);
      }
    }
  });

  it('keeps the locks exact, and never counts the race past its increments', () => {
    for (const point of report.workerSweep) {
      for (const subject of ['mutex', 'spinlock', 'atomic', 'single-thread'] as const) {
        expect(point.find((entry) => entry.subject === subject)?.exact).toBe(true);
      }
      const race = point.find((entry) => entry.subject === 'none');
      for (const sample of race?.samples ?? []) expect(sample.actual).toBeLessThanOrEqual(sample.increments);
    }
  });

  it('reports start-up, telemetry and memory consistently', () => {
    const { startup, telemetry, memory, settings } = report;
    // A cold run's total includes its spawn and its run; a warm rerun's total includes its run.
    expect(startup.coldTotalMs).toBeGreaterThanOrEqual(startup.coldSpawnMs + startup.coldRunMs);
    expect(startup.warmOverhead).toBeGreaterThanOrEqual(1);
    expect(telemetry.map((entry) => entry.strategy)).toEqual(['mutex', 'atomic']);
    // Every sampled run (50 ms and 10 ms, each round) reports at least its final snapshot.
    for (const entry of telemetry) expect(entry.snapshots).toBeGreaterThanOrEqual(2 * settings.telemetryRounds);
    // Threads cost memory, and the peak (maxrss) is at least any RSS sampled along the way.
    expect(memory.rssWith64WorkersMiB).toBeGreaterThan(memory.baselineRssMiB);
    expect(memory.peakRssMiB).toBeGreaterThanOrEqual(memory.rssWith64WorkersMiB);
  });

  it('times the one-shot commands, exact, with a breakdown that adds up', () => {
    const { oneShot } = report;
    const script = oneShot.commands.find((entry) => entry.name === 'runExperiment script');
    expect(script?.failed).toBeUndefined();
    const racelab = oneShot.commands.find((entry) => entry.name === oneShot.racelab);
    expect(racelab?.failed).toBeUndefined();
    const { breakdown } = oneShot;
    if (!breakdown || !racelab) throw new Error('no breakdown of the one-shot');
    expect(breakdown.totalMs).toBe(racelab.medianMs);
    expect(breakdown.spawnMs + breakdown.runMs).toBeLessThan(breakdown.totalMs);
    expect(breakdown.nodeStartMs + breakdown.spawnMs + breakdown.runMs + breakdown.otherMs).toBeCloseTo(
      breakdown.totalMs,
      6,
    );
    // maxrss comes in KiB: a unit slip would read ~0.05 MiB or tens of GiB for a process Node alone fills ~40 MiB of.
    expect(oneShot.peakRssMiB).toBeGreaterThan(20);
    expect(oneShot.peakRssMiB).toBeLessThan(1024);
  });

  it('measures the trace: every strategy with and without it, the analysis, the traced race', () => {
    const { trace } = report;
    expect(trace.cost.map((entry) => entry.strategy)).toEqual(['none', 'mutex', 'spinlock', 'atomic']);
    for (const entry of trace.cost) {
      expect(entry.ratio).toBeCloseTo(entry.traced.median / entry.untraced.median, 9);
      expect(entry.analysisMsPerMillion.min).toBeGreaterThanOrEqual(0);
    }
    expect(trace.analysis.reads).toBe(tinySettings.trace.workers * tinySettings.trace.iterations);
    expect(trace.loss.trials).toBe(tinySettings.trace.lossTrials);
    expect(trace.loss.tracedLossy).toBeLessThanOrEqual(trace.loss.trials);
    expect(formatReport(report)).toContain('Trace (issue #18)');
  });

  it('checks every target', () => {
    expect(report.targets.map((target) => target.id)).toEqual([
      'mutex-vs-atomic',
      'mutex-vs-atomics-mutex',
      'no-convoy',
      'telemetry',
      'warm-rerun',
      'one-shot-vs-python',
      'one-shot-memory',
      'fair-jain',
      'fair-least-share',
      'fair-longest-wait',
      'mutex-vs-old-mutex',
      'uncontended',
      'wait-timing',
    ]);
    for (const target of report.targets) {
      if (target.value === null) expect(target.met).toBeNull();
      else expect(target.met).toBe(target.kind === 'min' ? target.value >= target.limit : target.value <= target.limit);
    }
  });

  it('measures every strategy on every runtime present, this Node.js first', () => {
    const [node, ...others] = report.runtimes.rows;
    expect(node?.runtime).toEqual({ name: 'node', version: process.version });
    for (const row of [node, ...others]) {
      expect(row?.failed).toBeUndefined();
      expect(row?.rounds).toBe(tinySettings.runtimeTable.rounds);
      expect(Object.keys(row?.medianOpsPerSecond ?? {})).toEqual(['none', 'mutex', 'spinlock', 'atomic']);
      for (const median of Object.values(row?.medianOpsPerSecond ?? {})) expect(median).toBeGreaterThan(0);
      expect(row?.ratioToAtomic?.atomic).toBe(1);
    }
  });

  it('measures the fairness of the old and new lock at every point, exactly', () => {
    const { entries, throughput, timingCost } = report.fairness;
    const { kinds, workerCounts, csNs } = tinySettings.fairness;
    expect(entries).toHaveLength(kinds.length * workerCounts.length * csNs.length);
    for (const entry of entries) {
      expect(entry.unavailable).toBeUndefined();
      expect(entry.exact).toBe(true);
      expect(entry.acquisitionsPerSecond).toBeGreaterThan(0);
      expect(entry.jainIndex).toBeGreaterThanOrEqual(1 / entry.workers);
      expect(entry.jainIndex).toBeLessThanOrEqual(1);
      expect(entry.leastShare).toBeLessThanOrEqual(1);
      expect(entry.waitMs?.p50).toBeLessThanOrEqual(entry.waitMs?.max ?? Number.NaN);
    }
    expect(throughput.map((entry) => entry.kind)).toEqual(['mutex', 'legacy-mutex', 'atomic']);
    expect(timingCost.map((entry) => entry.kind)).toEqual(['mutex', 'spinlock']);
    expect(report.fairness.uncontended.mutexNs).toBeGreaterThan(0);
    expect(report.fairness.uncontended.legacyNs).toBeGreaterThan(0);
  });

  it('measures the store on SQLite, and on PostgreSQL where it is installed (under CI, always)', () => {
    const { store } = report;
    const [sqlite, postgres] = store.engines;
    expect(sqlite?.engine).toBe('sqlite');
    expect(postgres?.engine).toBe('postgres');
    const measured = store.engines.filter((engine) => !engine.unavailable);
    if (process.env.CI === 'true') expect(measured).toHaveLength(2);
    for (const engine of measured) {
      expect(engine.seed?.runs).toBe(tinySettings.store.seedRuns);
      expect(engine.insertSeededMs?.median).toBeGreaterThan(0);
      // Every seeded run is stored, in a realistic size: more than its JSON compressed away, less than 64 KiB.
      expect(engine.bytesPerRun).toBeGreaterThan(200);
      expect(engine.bytesPerRun).toBeLessThan(64 * 1024);
      expect(engine.pages.map((page) => page.name)[0]).toBe('unfiltered');
      // The newest-first page comes from the (created_at, id) index, never a scan and a sort.
      expect(engine.pages[0]?.index).toBe('runs_created');
      expect(engine.pages[0]?.sorts).toBe(false);
      expect(engine.pages[0]?.rows).toBe(50);
      expect(engine.pages.at(-1)?.index).toBe('runs_strategy_host');
    }
    expect(store.driver.driver).toMatch(/^libsql \d+\.\d+\.\d+$/);
    expect(store.driver.openExistingMs.median).toBeGreaterThan(0);
  });

  it('renders a table and a chart, and survives a JSON round trip', () => {
    const table = formatReport(report);
    expect(table).toContain('Worker sweep');
    expect(table).toContain('Targets (issues #5, #11 and #12)');
    expect(table).toContain('Fairness: threads taking the lock');
    expect(table).toContain('One-shot, start to exit');
    expect(table).toContain('Runtimes: 2 workers × 5,000');
    expect(table).toContain('Store (issue 17): 1,000 seed-sized runs per engine');
    const svg = renderChart(report);
    expect(svg.startsWith('<svg')).toBe(true);
    expect(svg).toContain('<polyline');
    expect(svg).toContain(report.environment.cpuModel);
    expect(JSON.parse(JSON.stringify(report))).toEqual(report);
  });
});

const hyperfine = hyperfineVersion();
// CI installs hyperfine (.ci/run): there a missing one is a failure, not a skip counted as a pass.
if (!hyperfine && process.env.CI === 'true')
  throw new Error('hyperfine is not installed (Debian: apt-get install hyperfine)');
const HYPERFINE = hyperfine
  ? `runHyperfine (${hyperfine})`
  : 'runHyperfine: skipped because hyperfine is not installed (Debian: apt-get install hyperfine)';

describe.skipIf(!hyperfine)(HYPERFINE, () => {
  it('reads back every command it timed, in milliseconds, with a command line that reproduces them', () => {
    const commands = [
      { name: 'node start-up', command: `${process.execPath} -e 0` },
      { name: 'node sleeping 50 ms', command: `${process.execPath} -e setTimeout(()=>{},50)` },
    ];
    const run = runHyperfine(commands, 2, process.cwd());
    if (typeof run === 'string') throw new Error(run);
    expect(run.results.map((entry) => entry.name)).toEqual(commands.map((entry) => entry.name));
    // In milliseconds: read as seconds, a process that sleeps 50 ms would take 0.05, and no Node starts in 1 ms.
    const [start, sleeping] = run.results;
    expect(sleeping?.minMs).toBeGreaterThanOrEqual(50);
    expect(start?.minMs).toBeGreaterThan(1);
    expect(run.commandLine).toMatch(/^hyperfine -N --warmup 1 --runs 2 -n 'node start-up' /);
  });
});
