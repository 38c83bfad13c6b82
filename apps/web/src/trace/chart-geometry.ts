/**
 * What each thread saw, in SVG coordinates: a worker's own iteration across, the value it read up,
 * one scale for every worker; and its rollbacks (a read at or below the read before it), measured
 * where the view keeps both reads (consecutive iterations, as core keeps each worker's biggest).
 */
import type { TraceView } from '@racelab/schema';

export interface ChartBox {
  width: number;
  height: number;
  /** Room left of and below the plot, for the axes' labels. */
  left: number;
  bottom: number;
  top: number;
  right: number;
}

export interface ChartScale {
  /** Iterations per worker: the x axis runs from 0 to this. */
  iterations: number;
  /** The highest value any view shows: the y axis runs from 0 to this. */
  maxValue: number;
}

export interface RollbackMark {
  worker: number;
  /** The iteration whose read found the counter lower. */
  iteration: number;
  /** What the worker had just written (its previous read + 1). */
  from: number;
  /** What it read. */
  to: number;
  /** from − to when both reads are in the view, side by side; undefined when iterations were sampled away between them. */
  erased: number | undefined;
  x: number;
  y: number;
}

export function chartScale(views: readonly TraceView[], iterations: number): ChartScale {
  let maxValue = 0;
  for (const view of views) for (const [, value] of view.points) if (value > maxValue) maxValue = value;
  return { iterations: Math.max(1, iterations), maxValue: Math.max(1, maxValue) };
}

/** x of an iteration and y of a value inside the box (y grows downwards in SVG). */
export function toPoint(box: ChartBox, scale: ChartScale, iteration: number, value: number): [number, number] {
  const plotWidth = box.width - box.left - box.right;
  const plotHeight = box.height - box.top - box.bottom;
  const x = box.left + (Math.min(iteration, scale.iterations) / scale.iterations) * plotWidth;
  const y = box.top + plotHeight - (Math.min(value, scale.maxValue) / scale.maxValue) * plotHeight;
  return [round(x), round(y)];
}

/** The `d` of a worker's line: one segment per kept point, in iteration order. */
export function viewPath(box: ChartBox, scale: ChartScale, view: TraceView): string {
  return view.points
    .map(([iteration, value], index) => {
      const [x, y] = toPoint(box, scale, iteration, value);
      return `${index === 0 ? 'M' : 'L'}${x} ${y}`;
    })
    .join('');
}

/** Each time the view shows the worker reading at or below its previous read. */
export function rollbackMarks(box: ChartBox, scale: ChartScale, view: TraceView): RollbackMark[] {
  const marks: RollbackMark[] = [];
  for (let index = 1; index < view.points.length; index++) {
    const [previousIteration, previousValue] = view.points[index - 1] as [number, number];
    const [iteration, value] = view.points[index] as [number, number];
    if (value > previousValue) continue;
    const adjacent = iteration === previousIteration + 1;
    const [x, y] = toPoint(box, scale, iteration, value);
    marks.push({
      worker: view.worker,
      iteration,
      from: previousValue + 1,
      to: value,
      erased: adjacent ? previousValue + 1 - value : undefined,
      x,
      y,
    });
  }
  return marks;
}

/** Two decimals: enough for a 640-wide drawing, and a much shorter `d`. */
function round(value: number): number {
  return Math.round(value * 100) / 100;
}
