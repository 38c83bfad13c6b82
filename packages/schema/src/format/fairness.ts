/**
 * How evenly the workers got the lock, for people: Jain's index, a worker's share of the lock and
 * the lock waits (the `fairness`, `share` and `waitMs` fields of a lock strategy's result).
 */

/** `0.99`: Jain's index, 1 when every worker got the lock at the same rate. */
export function formatJainIndex(jainIndex: number): string {
  return jainIndex.toFixed(2);
}

/** `1.02×` of an even share. */
export function formatShare(share: number): string {
  return `${share.toFixed(2)}×`;
}

/** `0.91–1.09×`: the shares of a group of workers, or one share when they read the same. */
export function formatShareRange(shares: readonly number[]): string | undefined {
  if (shares.length === 0) return undefined;
  const least = Math.min(...shares).toFixed(2);
  const most = Math.max(...shares).toFixed(2);
  return least === most ? `${least}×` : `${least}–${most}×`;
}

/** `0 ms`, `0.4 µs`, `3.21 ms`, `512 ms`: waits span microseconds to seconds. */
export function formatWait(ms: number): string {
  if (ms === 0) return '0 ms';
  if (ms < 0.01) return `${(ms * 1000).toFixed(1)} µs`;
  return ms >= 100 ? `${ms.toFixed(0)} ms` : `${ms.toFixed(2)} ms`;
}
