/** Text bars and sparklines: plain characters, so they read the same with or without colour. */

const FULL = '█';
const EMPTY = '░';
const SPARKS = ['▁', '▂', '▃', '▄', '▅', '▆', '▇', '█'] as const;

/** A bar `width` cells long, filled to `fraction` (clamped to 0…1). */
export function bar(fraction: number, width: number): string {
  const cells = Math.max(0, Math.floor(width));
  const clamped = Number.isFinite(fraction) ? Math.min(1, Math.max(0, fraction)) : 0;
  const filled = Math.round(clamped * cells);
  return FULL.repeat(filled) + EMPTY.repeat(cells - filled);
}

/** How many of `values` fall in each of `bins` equal slices of [min, max]. */
export function histogram(values: readonly number[], bins: number): number[] {
  const counts = new Array<number>(Math.max(1, bins)).fill(0);
  if (values.length === 0) return counts;
  const min = Math.min(...values);
  const span = Math.max(...values) - min;
  for (const value of values) {
    const slot = span === 0 ? 0 : Math.min(counts.length - 1, Math.floor(((value - min) / span) * counts.length));
    counts[slot] = (counts[slot] ?? 0) + 1;
  }
  return counts;
}

/** One character per count, scaled to the largest; an empty bin stays a space so gaps show. */
export function sparkline(counts: readonly number[]): string {
  const top = Math.max(0, ...counts);
  return counts
    .map((count) => {
      if (count === 0 || top === 0) return ' ';
      return SPARKS[Math.min(SPARKS.length - 1, Math.ceil((count / top) * SPARKS.length) - 1)];
    })
    .join('');
}
