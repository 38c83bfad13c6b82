/** The fairness section of the bench report, as text. */
import { columns, millions, percent, times } from '../report/numbers.js';
import type { FairnessEntry, FairnessReport } from './fairness-bench.js';
import type { ProbeKind } from './probe-layout.js';

export const PROBE_LABELS: Record<ProbeKind, string> = {
  mutex: 'racelab Mutex',
  'legacy-mutex': 'old Mutex (0.1, baseline)',
  spinlock: 'spinlock (TTAS)',
  'atomics-mutex': 'V8 Atomics.Mutex',
  'web-locks': 'Web Locks',
  atomic: 'Atomics.add (no lock)',
};

const waitMs = (value: number | undefined) =>
  value === undefined
    ? '–'
    : value >= 10
      ? `${value.toFixed(0)} ms`
      : value >= 0.01
        ? `${value.toFixed(2)} ms`
        : `${(value * 1000).toFixed(1)} µs`;

function row(entry: FairnessEntry): string[] {
  if (entry.unavailable) {
    return [
      PROBE_LABELS[entry.kind],
      String(entry.workers),
      csLabel(entry.csNs),
      '',
      '',
      '',
      '',
      '',
      '',
      '',
      `unavailable: ${entry.unavailable}`,
    ];
  }
  return [
    PROBE_LABELS[entry.kind],
    String(entry.workers),
    csLabel(entry.csNs),
    entry.acquisitionsPerSecond === null ? '–' : millions(entry.acquisitionsPerSecond),
    entry.jainIndex === null ? '–' : entry.jainIndex.toFixed(3),
    entry.leastShare === null ? '–' : entry.leastShare.toFixed(3),
    waitMs(entry.waitMs?.p50),
    waitMs(entry.waitMs?.p99),
    waitMs(entry.waitMs?.max),
    entry.handOffsPerSecond === undefined ? '' : entry.handOffsPerSecond.toFixed(0),
    (entry.exact === false ? 'NOT EXACT' : '') + (entry.note ? ` ${entry.note}` : ''),
  ];
}

function csLabel(ns: number): string {
  return ns === 0 ? '~0' : `~${(ns / 1000).toFixed(ns % 1000 === 0 ? 0 : 1)} µs`;
}

export function fairnessTable(report: FairnessReport, windowMs: number): string[] {
  const header = [
    'lock',
    'workers',
    'crit. sect.',
    'M acq/s',
    'Jain',
    'least share',
    'wait p50',
    'p99',
    'max',
    'hand-offs/s',
    '',
  ];
  const legacy = (workers: number) => report.throughput.find((e) => e.kind === 'legacy-mutex' && e.workers === workers);
  const throughputRows = report.throughput.map((entry) => {
    const base = legacy(entry.workers)?.acquisitionsPerSecond ?? null;
    return [
      PROBE_LABELS[entry.kind],
      String(entry.workers),
      entry.acquisitionsPerSecond === null ? (entry.unavailable ?? '–') : millions(entry.acquisitionsPerSecond),
      base && entry.acquisitionsPerSecond ? `${times(entry.acquisitionsPerSecond / base)} the old Mutex` : '',
    ];
  });
  return [
    `Fairness: threads taking the lock over and over for ${windowMs} ms rounds; shares and M acq/s from untimed`,
    'rounds (median), waits from rounds that time every acquisition (clock read before lock(), after it returns)',
    ...columns([header, ...report.entries.map(row)], [0, 10]),
    `Wake-up latency on this machine around the probe points (Atomics.notify by a thread that keeps running, to the woken thread running): p50 ${waitMs(report.wakeLatency.p50Ms)}, p90 ${waitMs(report.wakeLatency.p90Ms)}, max ${waitMs(report.wakeLatency.maxMs)} (${report.wakeLatency.samples} samples). Each turn of the racelab Mutex waits for two such wake-ups (the next in line, then the hand-off): that bounds hand-offs/s, and so how evenly 64 threads are served in a round.`,
    '',
    'Throughput, critical section ~0, untimed rounds (median)',
    ...columns(throughputRows, [0, 3]),
    '',
    `Uncontended lock + unlock, one thread: ${report.uncontended.mutexNs.toFixed(1)} ns (old Mutex ` +
      `${report.uncontended.legacyNs.toFixed(1)} ns): ${times(report.uncontended.ratio)} the old`,
    '',
    "What the runner's wait timing costs (only acquisitions that find the lock taken are timed: the mutex in its slow path, the spinlock loop as it starts spinning)",
    ...columns(
      report.timingCost.map((entry) => [
        `${PROBE_LABELS[entry.kind]}, ${entry.workers} workers`,
        `${millions(entry.plain)} → ${millions(entry.timed)} M acq/s`,
        `cost ${percent(entry.cost)}`,
      ]),
    ),
  ];
}
