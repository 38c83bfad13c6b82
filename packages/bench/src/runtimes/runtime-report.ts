/** The runtime table as text. */
import { columns, count, millions, times } from '../report/numbers.js';
import { ROUND_STRATEGIES } from './round.js';
import type { RuntimeTable } from './runtime-table.js';

export function formatRuntimeTable(table: RuntimeTable): string[] {
  const header = [
    'runtime',
    'version',
    ...ROUND_STRATEGIES.map((strategy) => `${strategy} M ops/s (×atomic)`),
    'rounds',
  ];
  const rows = table.rows.map((row) => {
    const version = row.runtime?.version ?? '';
    const cells = ROUND_STRATEGIES.map((strategy) => {
      const median = row.medianOpsPerSecond?.[strategy];
      return median === undefined ? 'n/a' : `${millions(median)} (${times(row.ratioToAtomic?.[strategy] ?? null)})`;
    });
    return [row.label, version, ...cells, row.failed ? `${row.rounds}; FAILED: ${row.failed}` : String(row.rounds)];
  });
  return [
    `Runtimes: ${table.workers} workers × ${count(table.iterations)}, median of ${table.rounds} rounds ` +
      '(each a fresh process or page, runtimes taking turns; warm-up first)',
    ...columns([header, ...rows], [0, 1, 6]),
  ];
}
