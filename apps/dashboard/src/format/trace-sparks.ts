/**
 * What one worker saw, as a line of terminal sparks: its own iterations across, the value it read
 * up (one scale for every worker), and the cells where it found the counter below the value it had
 * just written (a rollback) marked. Pure, so the layout is tested without a terminal.
 */
import type { TraceView } from '@racelab/schema';

const SPARKS = ['▁', '▂', '▃', '▄', '▅', '▆', '▇', '█'] as const;

export interface SparkRow {
  worker: number;
  /** One character per cell; a space where the worker had not read anything yet. */
  cells: string[];
  /** Cells holding a rollback (a read at or below the one before it in the view). */
  marks: boolean[];
  /**
   * The biggest rollback the view shows exactly (two points of consecutive iterations):
   * the updates it erased. Views keep each worker's biggest rollbacks so, so this is its biggest.
   */
  biggestErased: number;
}

/** The highest value any view shows: the top of the shared scale. */
export function viewsTop(views: readonly TraceView[]): number {
  let top = 0;
  for (const view of views) for (const [, value] of view.points) if (value > top) top = value;
  return top;
}

/** Which of 8 spark heights `value` gets on a scale from 0 to `top`. */
export function sparkLevel(value: number, top: number): number {
  if (top <= 0) return 0;
  return Math.min(SPARKS.length - 1, Math.max(0, Math.floor((value / top) * SPARKS.length)));
}

/**
 * `view` in `width` cells, each covering an equal slice of the worker's `iterations`. A cell shows
 * the highest value read in it, or, when it holds a rollback, the lowest (the drop is what matters);
 * an empty cell repeats the one before, since the worker's last read still stands.
 */
export function sparkRow(view: TraceView, iterations: number, width: number, top: number): SparkRow {
  const cells = Math.max(1, Math.floor(width));
  const high = new Array<number>(cells).fill(-1);
  const low = new Array<number>(cells).fill(-1);
  const marks = new Array<boolean>(cells).fill(false);
  const span = Math.max(1, iterations);
  let biggestErased = 0;
  let previous: readonly [number, number] | undefined;
  for (const point of view.points) {
    const [iteration, value] = point;
    const cell = Math.min(cells - 1, Math.floor((iteration / span) * cells));
    if ((high[cell] as number) < value) high[cell] = value;
    if (low[cell] === -1 || (low[cell] as number) > value) low[cell] = value;
    if (previous && value <= previous[1]) {
      marks[cell] = true;
      if (iteration === previous[0] + 1) biggestErased = Math.max(biggestErased, previous[1] + 1 - value);
    }
    previous = point;
  }
  const text: string[] = [];
  let shown = -1;
  for (let cell = 0; cell < cells; cell++) {
    const value = marks[cell] ? (low[cell] as number) : (high[cell] as number);
    if (value >= 0) shown = value;
    text.push(shown < 0 ? ' ' : (SPARKS[sparkLevel(shown, top)] as string));
  }
  return { worker: view.worker, cells: text, marks, biggestErased };
}

/** Words of at most `width` characters a line (a longer word gets a line of its own). */
export function wrapWords(text: string, width: number): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(' ')) {
    if (line === '') line = word;
    else if (line.length + 1 + word.length <= width) line += ` ${word}`;
    else {
      lines.push(line);
      line = word;
    }
  }
  if (line !== '') lines.push(line);
  return lines;
}

/** The row's cells joined into runs of marked and unmarked ones, for drawing with few styled pieces. */
export function sparkSegments(row: Pick<SparkRow, 'cells' | 'marks'>): { text: string; marked: boolean }[] {
  const segments: { text: string; marked: boolean }[] = [];
  row.cells.forEach((cell, index) => {
    const marked = row.marks[index] === true;
    const last = segments.at(-1);
    if (last && last.marked === marked) last.text += cell;
    else segments.push({ text: cell, marked });
  });
  return segments;
}
