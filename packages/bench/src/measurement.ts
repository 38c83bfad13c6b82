import { stats } from '@racelab/core/internal';
import type { Stats } from '@racelab/schema';
import type { Subject } from './subjects.js';

export interface TrialSample {
  opsPerSecond: number;
  runMs: number;
  /** Increments done by all threads together. */
  increments: number;
  /** The counter at the end; equal to `increments` unless updates were lost. */
  actual: number;
}

/** One subject at one point (workers × iterations): its trials and their summary. */
export interface Measurement {
  subject: Subject;
  workers: number;
  /** Per worker; anchors with capped trials run fewer than the point's nominal iterations. */
  iterations: number;
  samples: TrialSample[];
  opsPerSecond: Stats | null;
  /** Median ops/s over the median of `atomic` at the same point, in the same process run. */
  ratioToAtomic: number | null;
  /** Every trial's counter equals its increments (for `none`: no update was lost). */
  exact: boolean | null;
  lostUpdates: Stats | null;
  /** Why the subject did not run here (an anchor this Node lacks). */
  unavailable?: string;
  /** Anything else a reader should know about these numbers. */
  note?: string;
}

export function measurement(
  subject: Subject,
  workers: number,
  iterations: number,
  samples: TrialSample[],
): Measurement {
  return {
    subject,
    workers,
    iterations,
    samples,
    opsPerSecond: stats(samples.map((sample) => sample.opsPerSecond)),
    ratioToAtomic: null,
    exact: samples.length > 0 ? samples.every((sample) => sample.actual === sample.increments) : null,
    lostUpdates: stats(samples.map((sample) => sample.increments - sample.actual)),
  };
}

export function unavailable(subject: Subject, workers: number, iterations: number, reason: string): Measurement {
  return { ...measurement(subject, workers, iterations, []), unavailable: reason };
}

/** Fills `ratioToAtomic` from the `atomic` measurement of the same point. */
export function withRatios(point: Measurement[]): Measurement[] {
  const atomic = point.find((entry) => entry.subject === 'atomic')?.opsPerSecond?.median;
  return point.map((entry) => ({
    ...entry,
    ratioToAtomic: atomic && entry.opsPerSecond ? entry.opsPerSecond.median / atomic : null,
  }));
}

export function medianOf(values: readonly number[]): number {
  return stats(values)?.median ?? Number.NaN;
}
