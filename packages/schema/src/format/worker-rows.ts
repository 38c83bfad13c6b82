/** A bar of the live view: one worker, or several neighbours once they no longer fit one a row. */
export interface WorkerRow {
  /** `w3`, or `w0–7` for a group. */
  label: string;
  /** The workers it stands for, `first` to `last`. */
  first: number;
  last: number;
  completed: number;
  total: number;
}

/** One row per worker while they fit; past `maxRows`, consecutive workers share a row, so 256 stay readable. */
export function workerRows(perWorker: readonly number[], iterations: number, maxRows: number): WorkerRow[] {
  const perRow = Math.ceil(perWorker.length / Math.max(1, maxRows));
  const rows: WorkerRow[] = [];
  for (let first = 0; first < perWorker.length; first += perRow) {
    const last = Math.min(perWorker.length, first + perRow) - 1;
    let completed = 0;
    for (let index = first; index <= last; index++) completed += perWorker[index] ?? 0;
    rows.push({
      label: first === last ? `w${first}` : `w${first}–${last}`,
      first,
      last,
      completed,
      total: iterations * (last - first + 1),
    });
  }
  return rows;
}
