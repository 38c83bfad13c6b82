import type { StoreReport } from './store-bench.js';

export interface StoreTarget {
  description: string;
  /** null: not measured in this run (an engine unavailable). */
  met: boolean | null;
  value: string;
}

const KiB = 1024;

/** Issue 17's numbers, read from the store section. */
export function storeTargets(report: StoreReport): StoreTarget[] {
  const targets: StoreTarget[] = [];
  const limits = { sqlite: 1, postgres: 5 } as const;
  for (const engine of report.engines) {
    const name = engine.engine === 'sqlite' ? 'SQLite' : 'PostgreSQL';
    const insert = engine.insertSeededMs?.median;
    targets.push({
      description: `insert one finished run, ${name}: median ≤ ${limits[engine.engine]} ms`,
      met: insert === undefined ? null : insert <= limits[engine.engine],
      value: insert === undefined ? (engine.unavailable ?? '–') : `${insert.toFixed(2)} ms`,
    });
    const slowest = engine.pages.reduce<number | undefined>(
      (most, page) => Math.max(most ?? 0, page.ms.median),
      undefined,
    );
    const indexed = engine.pages.every((page) => page.index !== null && !page.sorts);
    targets.push({
      description: `a page of 50 from ${report.seedRuns.toLocaleString('en-US')} runs, ${name}: every query's median ≤ 10 ms`,
      met: slowest === undefined ? null : slowest <= 10,
      value: slowest === undefined ? '–' : `slowest ${slowest.toFixed(2)} ms`,
    });
    targets.push({
      description: `every page read from an index, in order (no table scan, no sort), ${name}`,
      met: engine.pages.length === 0 ? null : indexed,
      value: engine.pages.length === 0 ? '–' : indexed ? 'yes' : 'no',
    });
    targets.push({
      description: `stored size per seed-sized run, ${name}: ≤ 8 KiB`,
      met: engine.bytesPerRun === undefined ? null : engine.bytesPerRun <= 8 * KiB,
      value: engine.bytesPerRun === undefined ? '–' : `${(engine.bytesPerRun / KiB).toFixed(2)} KiB`,
    });
  }
  return targets;
}
