/**
 * The reads of the values read more than once, grouped by value: for such a value v, the workers
 * that read it are `workers[start[v] .. start[v + 1])` (a counting sort, skipping the values read
 * once, which are most of them and can collide with nobody). Worker indexes fit a byte: a run has
 * at most 256 workers.
 */
export interface ReadersByValue {
  /** `start[v]`: where value v's readers begin; `start[v + 1] − start[v]` reads of v (0 for a value read once). */
  readonly start: Int32Array;
  readonly workers: Uint8Array;
}

/** `timesRead[v]`: how many times value v was read, for v from 0 to `timesRead.length − 1`. */
export function groupRepeatedReaders(logs: readonly Int32Array[], timesRead: Int32Array): ReadersByValue {
  const values = timesRead.length;
  const start = new Int32Array(values + 1);
  let total = 0;
  for (let value = 0; value < values; value++) {
    start[value] = total;
    const count = timesRead[value] as number;
    if (count > 1) total += count;
  }
  start[values] = total;
  const workers = new Uint8Array(total);
  if (total === 0) return { start, workers };
  const next = start.slice(0, values);
  for (let worker = 0; worker < logs.length; worker++) {
    const log = logs[worker] as Int32Array;
    for (let i = 0; i < log.length; i++) {
      const value = log[i] as number;
      if ((timesRead[value] as number) < 2) continue;
      const at = next[value] as number;
      workers[at] = worker;
      next[value] = at + 1;
    }
  }
  return { start, workers };
}

/**
 * `pairs[a][b]` (a ≠ b): the values both a and b read; `pairs[a][a]`: the reads by a of a value
 * it had read before. Only values read more than once add anything.
 */
export function collisionPairs(readers: ReadersByValue, workerCount: number): number[][] {
  const matrix = new Int32Array(workerCount * workerCount);
  const lastSeen = new Int32Array(workerCount).fill(-1);
  const distinct = new Int32Array(workerCount);
  const { start, workers } = readers;
  for (let value = 0; value + 1 < start.length; value++) {
    const first = start[value] as number;
    const end = start[value + 1] as number;
    if (end - first < 2) continue;
    let count = 0;
    for (let k = first; k < end; k++) {
      const worker = workers[k] as number;
      if (lastSeen[worker] === value) {
        matrix[worker * workerCount + worker] = (matrix[worker * workerCount + worker] as number) + 1;
      } else {
        lastSeen[worker] = value;
        distinct[count++] = worker;
      }
    }
    for (let x = 0; x < count; x++) {
      const a = distinct[x] as number;
      for (let y = x + 1; y < count; y++) {
        const b = distinct[y] as number;
        matrix[a * workerCount + b] = (matrix[a * workerCount + b] as number) + 1;
        matrix[b * workerCount + a] = (matrix[b * workerCount + a] as number) + 1;
      }
    }
  }
  const rows: number[][] = new Array(workerCount);
  for (let a = 0; a < workerCount; a++) rows[a] = Array.from(matrix.subarray(a * workerCount, (a + 1) * workerCount));
  return rows;
}
