/** The targets of issues #5 and #12, read from one bench report: each with its measured value and verdict. */
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
}

export interface TargetInputs {
  /** The measurements at the target point (10 workers, largest iterations). */
  targetPoint: Measurement[];
  workerSweep: Measurement[][];
  telemetry: TelemetryCost[];
  startup: StartupCost;
  oneShot: OneShotComparison;
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
): TargetCheck {
  const met = value === null || Number.isNaN(value) ? null : kind === 'min' ? value >= limit : value <= limit;
  return { id, description, value, limit, kind, met, detail };
}

export function checkTargets(inputs: TargetInputs): TargetCheck[] {
  const { targetPoint, workerSweep, telemetry, startup, oneShot } = inputs;
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
  ];
}
