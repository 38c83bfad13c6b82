/**
 * What one worker saw, cut down to a few hundred points for a chart: its biggest rollbacks (the
 * point before and the point of each, so the drop is drawn exactly), and of the rest of its log,
 * the lowest and the highest read of each of equal slices of its iterations, so no dip or jump
 * between two kept points is drawn smoother than it was.
 */

export type ViewPoint = [iteration: number, value: number];

export function downsampleView(log: Int32Array, maxPoints: number, rollbackIterations: readonly number[]): ViewPoint[] {
  const length = log.length;
  if (length <= maxPoints) {
    const points: ViewPoint[] = new Array(length);
    for (let i = 0; i < length; i++) points[i] = [i, log[i] as number];
    return points;
  }
  const keep = new Set<number>();
  for (const iteration of rollbackIterations) {
    if (keep.size + 2 > maxPoints) break;
    keep.add(iteration);
    if (iteration > 0) keep.add(iteration - 1);
  }
  const slices = Math.floor((maxPoints - keep.size) / 2);
  for (let slice = 0; slice < slices; slice++) {
    const start = Math.floor((slice * length) / slices);
    const end = Math.floor(((slice + 1) * length) / slices);
    let low = start;
    let high = start;
    for (let i = start + 1; i < end; i++) {
      const value = log[i] as number;
      if (value < (log[low] as number)) low = i;
      if (value > (log[high] as number)) high = i;
    }
    keep.add(low);
    keep.add(high);
  }
  const iterations = Int32Array.from(keep).sort();
  const points: ViewPoint[] = new Array(iterations.length);
  for (let k = 0; k < iterations.length; k++) {
    const i = iterations[k] as number;
    points[k] = [i, log[i] as number];
  }
  return points;
}
