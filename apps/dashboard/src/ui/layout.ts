/**
 * Sizes for the live region. Ink redraws that region in place only while it is shorter than the
 * terminal; once it is as tall, Ink clears the whole screen on every frame. So rows are budgeted.
 */

/** Lines the live view itself needs besides worker rows: header, counter, lost, rate, verdict. */
const LIVE_FIXED_LINES = 5;
/** The trial spread: a stats line and a sparkline. */
export const SPREAD_LINES = 2;

/** Below this many rows the live view drops its description and blank lines to keep room for bars. */
export const COMPACT_BELOW_ROWS = 20;

/** Worker rows that fit, leaving one line for the cursor Ink parks below the region. */
export function workerRowBudget(rows: number, extraLines: number): number {
  return Math.max(1, rows - 1 - LIVE_FIXED_LINES - extraLines);
}

/** Width left for a bar once the fixed-width cells around it are placed; never below a readable minimum. */
export function barWidth(columns: number, reserved: number, max = 48): number {
  return Math.max(5, Math.min(max, columns - reserved - 1));
}
