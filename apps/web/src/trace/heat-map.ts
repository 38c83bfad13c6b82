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

/** A row (and the column of the same workers) of the map: workers `first`…`last`, their counts summed. */
export interface HeatGroup {
  first: number;
  last: number;
}

/**
 * At most `maxSide` rows and columns: past that, neighbouring workers share a row and a column
 * (their counts summed), so 256 workers make a readable 32 × 32 map, not 65,536 cells.
 */
export function groupPairs(
  pairs: readonly (readonly number[])[],
  maxSide: number,
): { groups: HeatGroup[]; counts: number[][] } {
  const workers = pairs.length;
  const size = Math.max(1, Math.ceil(workers / Math.max(1, maxSide)));
  const groups: HeatGroup[] = [];
  for (let first = 0; first < workers; first += size) groups.push({ first, last: Math.min(workers, first + size) - 1 });
  const groupOf = (worker: number) => Math.floor(worker / size);
  const counts = groups.map(() => new Array<number>(groups.length).fill(0));
  pairs.forEach((row, a) => {
    const rowGroup = counts[groupOf(a)] as number[];
    row.forEach((count, b) => {
      rowGroup[groupOf(b)] = (rowGroup[groupOf(b)] ?? 0) + count;
    });
  });
  return { groups, counts };
}
