/** The trace section of the bench report, as text. */
import { busyWarning } from '../environment.js';
import { columns, count, millions, ms, percent, times } from '../report/numbers.js';
import type { TraceReport } from './trace-bench.js';

export function traceTable(report: TraceReport): string[] {
  const { loss, analysis } = report;
  return [
    `Trace (issue #18): ${report.workers} × ${count(report.iterations)}, M ops/s median [min–max], untraced then traced`,
    ...columns([
      ['strategy', 'untraced', '', 'traced', '', 'traced/untraced', 'analysis ms per 1M (median, max)'],
      ...report.cost.map((entry) => [
        entry.strategy,
        millions(entry.untraced.median),
        `[${millions(entry.untraced.min)}–${millions(entry.untraced.max)}]`,
        millions(entry.traced.median),
        `[${millions(entry.traced.min)}–${millions(entry.traced.max)}]`,
        times(entry.ratio),
        `${ms(entry.analysisMsPerMillion.median)}, ${ms(entry.analysisMsPerMillion.max)}`,
      ]),
    ]),
    `Analysis, per 1,000,000 increments: the first in this process (none, 10 × 100,000, cold JIT) ${ms(analysis.firstMsPerMillion)}; ` +
      `one none trial's logs (${count(analysis.reads)} reads, full detail) analysed again: ` +
      `median ${ms(analysis.warmMsPerMillion.median)} ` +
      `[${ms(analysis.warmMsPerMillion.min)}–${ms(analysis.warmMsPerMillion.max)}]`,
    `none at 10 × 100,000 lost updates in ${loss.tracedLossy} of ${loss.trials} traced trials ` +
      `(${percent(loss.tracedLossy / loss.trials)}; lost median ${count(loss.tracedLost?.median ?? 0)}), ` +
      `${loss.untracedLossy} of ${loss.trials} untraced (${percent(loss.untracedLossy / loss.trials)}; ` +
      `lost median ${count(loss.untracedLost?.median ?? 0)})`,
    `Other processes' share of the CPU during this section: ${percent(report.interference)}`,
    ...(busyWarning(report.interference) ? [busyWarning(report.interference) as string] : []),
  ];
}
