/**
 * The collision heat map's colours: `pairs[a][b]` (values both a and b read) in a few bins on a
 * log scale, since a pair of busy workers can collide a thousand times more than a quiet one.
 */

/** Bins above "never": 1 is a few collisions, HEAT_BINS the most any pair had. */
export const HEAT_BINS = 5;

/** 0 for no collision; else 1…HEAT_BINS by log(1 + count) against log(1 + max). */
export function heatBin(count: number, max: number): number {
  if (count <= 0 || max <= 0) return 0;
  const bin = Math.ceil((Math.log1p(count) / Math.log1p(max)) * HEAT_BINS);
  return Math.min(HEAT_BINS, Math.max(1, bin));
}

/** The largest count off the diagonal (collisions between two workers) and on it (a worker with itself). */
export function pairMaxima(pairs: readonly (readonly number[])[]): { between: number; self: number } {
  let between = 0;
  let self = 0;
  pairs.forEach((row, a) => {
    row.forEach((count, b) => {
      if (a === b) self = Math.max(self, count);
      else between = Math.max(between, count);
    });
  });
  return { between, self };
}
