import { beforeAll, describe, expect, it } from 'vitest';
import { type BenchReport, runBench } from './bench.js';
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
        expect(entry.opsPerSecond?.median).toBeGreaterThan(0);
      }
    }
  });

  it('keeps the locks exact', () => {
    for (const point of report.workerSweep) {
      for (const subject of ['mutex', 'spinlock', 'atomic', 'single-thread'] as const) {
        expect(point.find((entry) => entry.subject === subject)?.exact).toBe(true);
      }
    }
  });

  it('reports start-up, telemetry, memory, the one-shot comparison and every target', () => {
    expect(report.startup.warmRunMs).toBeGreaterThan(0);
    expect(report.startup.coldSpawnMs).toBeGreaterThan(0);
    expect(report.telemetry.map((entry) => entry.strategy)).toEqual(['mutex', 'atomic']);
    expect(report.telemetry[0]?.snapshots).toBeGreaterThan(0);
    expect(report.memory.peakRssMiB).toBeGreaterThan(report.memory.baselineRssMiB - 1);
    const script = report.oneShot.commands.find((entry) => entry.name === 'runExperiment script');
    expect(script?.failed).toBeUndefined();
    expect(report.targets.map((target) => target.id)).toEqual([
      'mutex-vs-atomic',
      'mutex-vs-atomics-mutex',
      'no-convoy',
      'telemetry',
      'warm-rerun',
      'one-shot-vs-python',
      'fair-jain',
      'fair-least-share',
      'fair-longest-wait',
      'mutex-vs-old-mutex',
      'uncontended',
      'wait-timing',
    ]);
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

  it('renders a table and a chart, and survives a JSON round trip', () => {
    const table = formatReport(report);
    expect(table).toContain('Worker sweep');
    expect(table).toContain('Targets (issues #5 and #11)');
    expect(table).toContain('Fairness: threads taking the lock');
    const svg = renderChart(report);
    expect(svg.startsWith('<svg')).toBe(true);
    expect(svg).toContain('<polyline');
    expect(svg).toContain(report.environment.cpuModel);
    expect(JSON.parse(JSON.stringify(report))).toEqual(report);
  });
});
