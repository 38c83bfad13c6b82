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
    ]);
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

  it('renders a table and a chart, and survives a JSON round trip', () => {
    const table = formatReport(report);
    expect(table).toContain('Worker sweep');
    expect(table).toContain('Targets (issue #5)');
    expect(table).toContain('Runtimes: 2 workers × 5,000');
    const svg = renderChart(report);
    expect(svg.startsWith('<svg')).toBe(true);
    expect(svg).toContain('<polyline');
    expect(svg).toContain(report.environment.cpuModel);
    expect(JSON.parse(JSON.stringify(report))).toEqual(report);
  });
});
