/**
 * How long acquisitions waited, as a log-scale histogram cheap enough to fill inside the increment
 * loops: 8 buckets per doubling of nanoseconds (each within ±4.4 % of its middle), from 1 ns to
 * ~18 minutes, plus the number of acquisitions that did not wait at all, and the exact longest wait.
 * Plain data, so it crosses `postMessage` as it is, and histograms of several threads add up.
 */
const PER_DOUBLING = 8;
const BUCKETS = 40 * PER_DOUBLING;

export interface WaitHistogram {
  /** Acquisitions that took the lock at once (the compare-and-swap that took it was the whole wait). */
  immediate: number;
  /** Acquisitions that found the lock taken, by how long they waited. */
  readonly counts: Uint32Array;
  /** The longest wait, in ns. */
  maxNs: number;
}

export function newWaitHistogram(): WaitHistogram {
  return { immediate: 0, counts: new Uint32Array(BUCKETS), maxNs: 0 };
}

export function recordWait(histogram: WaitHistogram, ns: number): void {
  const bucket = ns >= 1 ? Math.min(BUCKETS - 1, Math.floor(Math.log2(ns) * PER_DOUBLING)) : 0;
  histogram.counts[bucket] = (histogram.counts[bucket] as number) + 1;
  if (ns > histogram.maxNs) histogram.maxNs = ns;
}

export function mergeWaits(histograms: readonly WaitHistogram[]): WaitHistogram {
  const merged = newWaitHistogram();
  for (const histogram of histograms) {
    merged.immediate += histogram.immediate;
    for (let bucket = 0; bucket < BUCKETS; bucket++) {
      merged.counts[bucket] = (merged.counts[bucket] as number) + (histogram.counts[bucket] ?? 0);
    }
    merged.maxNs = Math.max(merged.maxNs, histogram.maxNs);
  }
  return merged;
}

export function timedWaits(histogram: WaitHistogram): number {
  return histogram.counts.reduce((sum, count) => sum + count, 0);
}

/** The wait at quantile `q` (0 … 1) over all acquisitions, in ns: a bucket's middle, or 0. */
export function waitQuantileNs(histogram: WaitHistogram, q: number): number {
  const total = histogram.immediate + timedWaits(histogram);
  if (total === 0) return 0;
  let rank = Math.max(1, Math.ceil(q * total)) - histogram.immediate;
  if (rank <= 0) return 0;
  for (let bucket = 0; bucket < BUCKETS; bucket++) {
    rank -= histogram.counts[bucket] as number;
    if (rank <= 0) return Math.min(histogram.maxNs, 2 ** ((bucket + 0.5) / PER_DOUBLING));
  }
  return histogram.maxNs;
}
