/** The targets of issues #5, #11 and #12, read from one bench report: each with its measured value and verdict. */
import type { FairnessEntry, FairnessReport } from './fairness/fairness-bench.js';
import type { Measurement } from './measurement.js';
import type { OneShotComparison } from './one-shot.js';
import type { StartupCost, TelemetryCost } from './overheads.js';

export interface TargetCheck {
  id: string;
  description: string;
  value: number | null;
  limit: number;
  /** `min`: value must be at least `limit`; `max`: at most. */
  kind: 'min' | 'max';
  /** null when a side of the comparison could not be measured here. */
  met: boolean | null;
  detail: string;
  /** How to show the value: a ratio (default), a share of 100 %, or a plain index. */
  unit?: 'ratio' | 'percent' | 'index';
}

export interface TargetInputs {
  /** The measurements at the target point (10 workers, largest iterations). */
  targetPoint: Measurement[];
  workerSweep: Measurement[][];
  telemetry: TelemetryCost[];
  startup: StartupCost;
  oneShot: OneShotComparison;
  fairness: FairnessReport;
}

const opsAt = (point: Measurement[] | undefined, subject: string) =>
  point?.find((entry) => entry.subject === subject)?.opsPerSecond?.median ?? null;

const ratio = (numerator: number | null, denominator: number | null) =>
  numerator !== null && denominator ? numerator / denominator : null;

function check(
  id: string,
  description: string,
  value: number | null,
  limit: number,
  kind: 'min' | 'max',
  detail: string,
  unit?: TargetCheck['unit'],
): TargetCheck {
  const met = value === null || Number.isNaN(value) ? null : kind === 'min' ? value >= limit : value <= limit;
  return { id, description, value, limit, kind, met, detail, ...(unit ? { unit } : {}) };
}

/** The worst value over the critical sections measured for `kind` at `workers`, or null. */
function worst(
  entries: readonly FairnessEntry[],
  kind: FairnessEntry['kind'],
  workers: number,
  pick: (entry: FairnessEntry) => number | null | undefined,
  direction: 'min' | 'max',
): number | null {
  const values = entries
    .filter((entry) => entry.kind === kind && entry.workers === workers)
    .map(pick)
    .filter((value): value is number => typeof value === 'number' && Number.isFinite(value));
  if (values.length === 0) return null;
  return direction === 'min' ? Math.min(...values) : Math.max(...values);
}

function fairnessTargets(fairness: FairnessReport): TargetCheck[] {
  const { entries, throughput, timingCost } = fairness;
  const most = Math.max(0, ...entries.map((entry) => entry.workers));
  const at = `${most} workers, worst of the critical sections measured`;
  const maxWaitRatios = [...new Set(entries.map((entry) => entry.csNs))].map((csNs) => {
    const find = (kind: FairnessEntry['kind']) =>
      entries.find((entry) => entry.kind === kind && entry.workers === most && entry.csNs === csNs)?.waitMs?.max;
    const old = find('legacy-mutex');
    const now = find('mutex');
    return old !== undefined && now ? old / now : Number.NaN;
  });
  const validRatios = maxWaitRatios.filter((value) => Number.isFinite(value));
  const throughputOf = (kind: FairnessEntry['kind']) =>
    throughput.find((entry) => entry.kind === kind)?.acquisitionsPerSecond ?? null;
  const workers = throughput[0]?.workers ?? 0;
  const worstCost = timingCost.reduce<number | null>((most, entry) => Math.max(most ?? entry.cost, entry.cost), null);
  return [
    check(
      'fair-jain',
      `mutex at ${most} workers: Jain's index ≥ 0.9`,
      worst(entries, 'mutex', most, (e) => e.jainIndex, 'min'),
      0.9,
      'min',
      at,
      'index',
    ),
    check(
      'fair-least-share',
      `mutex at ${most} workers: every worker ≥ 0.5 × the mean share`,
      worst(entries, 'mutex', most, (e) => e.leastShare, 'min'),
      0.5,
      'min',
      at,
      'index',
    ),
    check(
      'fair-longest-wait',
      `mutex at ${most} workers: longest wait ≥ 3 × shorter than the old lock's`,
      validRatios.length > 0 ? Math.min(...validRatios) : null,
      3,
      'min',
      at,
    ),
    check(
      'mutex-vs-old-mutex',
      `mutex ≥ 0.9 × the old Mutex, acquisitions/s at ${workers} workers`,
      ratio(throughputOf('mutex'), throughputOf('legacy-mutex')),
      0.9,
      'min',
      'fairness probe, untimed rounds',
    ),
    check(
      'uncontended',
      'an uncontended lock/unlock no slower than the old Mutex (≤ 1.05 ×, for noise)',
      fairness.uncontended.ratio,
      1.05,
      'max',
      `${fairness.uncontended.mutexNs.toFixed(1)} ns against ${fairness.uncontended.legacyNs.toFixed(1)} ns per pair`,
    ),
    check(
      'wait-timing',
      "the runner's wait timing costs ≤ 5 % of throughput",
      worstCost,
      0.05,
      'max',
      "worst of mutex and spinlock at the probe's worker counts",
      'percent',
    ),
  ];
}

export function checkTargets(inputs: TargetInputs): TargetCheck[] {
  const { targetPoint, workerSweep, telemetry, startup, oneShot, fairness } = inputs;
  const target = targetPoint[0];
  const where = target ? `${target.workers} workers × ${target.iterations.toLocaleString('en-US')}` : '';
  const mutex = opsAt(targetPoint, 'mutex');
  const nativeEntry = targetPoint.find((entry) => entry.subject === 'atomics-mutex');
  const sweepAt = (workers: number) => workerSweep.find((point) => point[0]?.workers === workers);
  const worstTelemetry = telemetry.reduce<TelemetryCost | undefined>(
    (worst, entry) => (!worst || entry.cost50ms > worst.cost50ms ? entry : worst),
    undefined,
  );
  return [
    check(
      'mutex-vs-atomic',
      'mutex ≥ 0.6 × atomic ops/s at 10 workers',
      ratio(mutex, opsAt(targetPoint, 'atomic')),
      0.6,
      'min',
      where,
    ),
    check(
      'mutex-vs-atomics-mutex',
      "mutex ≥ 3 × V8's Atomics.Mutex",
      ratio(mutex, opsAt(targetPoint, 'atomics-mutex')),
      3,
      'min',
      nativeEntry?.unavailable ??
        `${where} (Atomics.Mutex: ${nativeEntry?.iterations.toLocaleString('en-US')} per worker)`,
    ),
    check(
      'no-convoy',
      'mutex at 64 workers ≥ 0.7 × mutex at 2 workers',
      ratio(opsAt(sweepAt(64), 'mutex'), opsAt(sweepAt(2), 'mutex')),
      0.7,
      'min',
      'worker sweep',
    ),
    check(
      'telemetry',
      'progress sampling costs ≤ 5 % of throughput',
      worstTelemetry ? worstTelemetry.cost50ms : null,
      0.05,
      'max',
      worstTelemetry ? `worst: ${worstTelemetry.strategy}, 50 ms sampling` : '',
    ),
    check(
      'warm-rerun',
      "a warm rerun's total time ≤ 1.2 × its run time",
      startup.warmOverhead,
      1.2,
      'max',
      'mutex, 10 × 100,000',
    ),
    check(
      'one-shot-vs-python',
      'one-shot run, start to exit, ≤ 1.0 × the Python seed script',
      oneShot.ratioToPython,
      1,
      'max',
      `${oneShot.racelab} against ${oneShot.python ?? 'no Python'}`,
    ),
    check(
      'one-shot-memory',
      'one-shot run: peak memory ≤ 100 MiB',
      oneShot.peakRssMiB,
      100,
      'max',
      `${oneShot.racelab}, every thread counted (maxrss)`,
    ),
    ...fairnessTargets(fairness),
  ];
}
