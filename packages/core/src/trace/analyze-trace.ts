/**
 * The trace's analysis: from each worker's log (the value it read at each of its increments, in
 * order) and the final counter, which update overwrote which. A pure function over typed arrays,
 * with no threads in it: the runner feeds it the logs its workers wrote, tests feed it hand-built
 * ones with known answers.
 *
 * The accounting (why it is exact): the counter reached its final value F only through writes of
 * v + 1 by a thread that read v, so each of 0, 1, …, F − 1 was read at least once. Every read is
 * one increment, so of the N = Σ log lengths reads, F are first reads of the values below F, and
 * each of the other N − F (the lost updates) is either a further read of a value below F
 * (`repeatedReads`) or a read of a value ≥ F (`readsAboveFinal`). `unreadBelowFinal` counts values
 * below F that no log holds: always 0 when the logs are right, and the identity fails otherwise.
 */
import type { Rollback, Trace, TraceView } from '@racelab/schema';
import { downsampleView } from './downsample.js';
import { collisionPairs, groupRepeatedReaders, type ReadersByValue } from './readers-by-value.js';
import { erasedBy, type RollbackSeen, TopRollbacks } from './top-rollbacks.js';

/** How much detail one trial's trace keeps (the whole-run budget is in `trace-budget.ts`). */
export interface TraceDetail {
  /** Rollbacks in `rollbacks.biggest`. */
  biggest: number;
  /** Include `pairs`. */
  pairs: boolean;
  /** Points per worker in `views`; 0 leaves `views` out. */
  viewPoints: number;
  /** Of each worker's own rollbacks, how many its view keeps exactly. */
  viewRollbacks: number;
}

export const FULL_DETAIL: TraceDetail = { biggest: 20, pairs: true, viewPoints: 500, viewRollbacks: 20 };

export interface TraceAnalysis {
  trace: Trace;
  /** Reads in all logs (the increments done). */
  reads: number;
  /** Values below the final counter that no log holds: not 0 only if the logs are wrong. */
  unreadBelowFinal: number;
}

export function analyzeTrace(
  logs: readonly Int32Array[],
  finalCounter: number,
  detail: TraceDetail = FULL_DETAIL,
): TraceAnalysis {
  let reads = 0;
  for (const log of logs) reads += log.length;
  // N writes can take the counter to N at most, so no read can see more than N − 1.
  const timesRead = new Int32Array(Math.max(reads, finalCounter) + 1);
  // Who read each value last: for a value read once, its only reader (worker indexes fit a byte).
  const lastReader = new Uint8Array(timesRead.length);
  const biggest = new TopRollbacks(detail.biggest, { onePerStaleValue: true });
  const perWorker = logs.map(
    () => new TopRollbacks(detail.viewPoints > 0 ? detail.viewRollbacks : 0, { onePerStaleValue: false }),
  );
  let rollbackCount = 0;
  let erased = 0;
  for (let worker = 0; worker < logs.length; worker++) {
    const log = logs[worker] as Int32Array;
    const own = perWorker[worker] as TopRollbacks;
    const seen = readLog(log, worker, timesRead, lastReader, (iteration, from, to) => {
      if (biggest.accepts(from - to)) biggest.offer(worker, iteration, from, to);
      if (own.accepts(from - to)) own.offer(worker, iteration, from, to);
    });
    rollbackCount += seen.rollbacks;
    erased += seen.erased;
  }
  const { repeatedReads, unreadBelowFinal, readsBelowFinal } = countBelowFinal(timesRead, finalCounter);

  const repeated = detail.pairs ? groupRepeatedReaders(logs, timesRead) : undefined;
  const readers: ValueReaders = { logs, timesRead, lastReader, repeated };
  const trace: Trace = {
    repeatedReads,
    readsAboveFinal: reads - readsBelowFinal,
    rollbacks: { count: rollbackCount, erased, biggest: withWriters(readers, biggest.list()) },
  };
  if (repeated) trace.pairs = collisionPairs(repeated, logs.length);
  if (detail.viewPoints > 0) trace.views = views(logs, perWorker, detail.viewPoints);
  return { trace, reads, unreadBelowFinal };
}

/**
 * One worker's log, in order: counts each read, notes who read each value last, and reports each
 * rollback (a read below what this worker had just written: a stale write landed in between).
 * Its own small function, so that even the first call gets compiled fast.
 */
function readLog(
  log: Int32Array,
  worker: number,
  timesRead: Int32Array,
  lastReader: Uint8Array,
  onRollback: (iteration: number, from: number, to: number) => void,
): { rollbacks: number; erased: number } {
  const highest = timesRead.length - 1;
  let rollbacks = 0;
  let erased = 0;
  let written = -1;
  for (let i = 0; i < log.length; i++) {
    const value = log[i] as number;
    if (value < 0 || value > highest) throw new RangeError(`a trace log holds an impossible counter value (${value})`);
    timesRead[value] = (timesRead[value] as number) + 1;
    lastReader[value] = worker;
    if (value < written) {
      rollbacks++;
      erased += written - value;
      onRollback(i, written, value);
    }
    written = value + 1;
  }
  return { rollbacks, erased };
}

/** Of the values below the final counter: reads beyond each one's first, reads in all, values nobody read. */
function countBelowFinal(timesRead: Int32Array, finalCounter: number) {
  let repeatedReads = 0;
  let unreadBelowFinal = 0;
  let readsBelowFinal = 0;
  for (let value = 0; value < finalCounter; value++) {
    const count = timesRead[value] as number;
    readsBelowFinal += count;
    if (count === 0) unreadBelowFinal++;
    else repeatedReads += count - 1;
  }
  return { repeatedReads, unreadBelowFinal, readsBelowFinal };
}

/** What the analysis knows of who read which value. */
interface ValueReaders {
  logs: readonly Int32Array[];
  timesRead: Int32Array;
  lastReader: Uint8Array;
  /** The readers of every value read more than once, when the trial's pairs were counted. */
  repeated: ReadersByValue | undefined;
}

/** The workers whose logs hold a read of each of `values`: from what the analysis kept, else one pass over the logs. */
function readersOf({ logs, timesRead, lastReader, repeated }: ValueReaders, values: readonly number[]) {
  const found = new Map<number, Set<number>>();
  const unknown: number[] = [];
  for (const value of values) {
    if (value < 0 || value >= timesRead.length || found.has(value)) continue;
    const count = timesRead[value] as number;
    if (count === 1) found.set(value, new Set([lastReader[value] as number]));
    else if (count === 0) found.set(value, new Set());
    else if (repeated) {
      const workers = repeated.workers.subarray(repeated.start[value], repeated.start[value + 1]);
      found.set(value, new Set(workers));
    } else unknown.push(value);
  }
  if (unknown.length === 0) return found;
  for (const value of unknown) found.set(value, new Set());
  const lowest = Math.min(...unknown);
  const flagged = new Uint8Array(Math.max(...unknown) - lowest + 1);
  for (const value of unknown) flagged[value - lowest] = 1;
  for (let worker = 0; worker < logs.length; worker++) {
    const log = logs[worker] as Int32Array;
    for (let i = 0; i < log.length; i++) {
      const offset = (log[i] as number) - lowest;
      if (offset >= 0 && offset < flagged.length && flagged[offset] === 1) found.get(offset + lowest)?.add(worker);
    }
  }
  return found;
}

/**
 * Who wrote each stale value `to`: the worker that read `to − 1` and wrote `to`. Only a worker other
 * than the one that saw the rollback can have (its own writes land in its program order, so the
 * value it reads right after writing `from` is not an older write of its own); when exactly one
 * other worker's log holds a read of `to − 1`, that worker is the writer.
 */
function withWriters(readers: ValueReaders, seen: readonly RollbackSeen[]): Rollback[] {
  if (seen.length === 0) return [];
  const found = readersOf(
    readers,
    seen.map((rollback) => rollback.to - 1),
  );
  return seen.map((rollback) => {
    const others = [...(found.get(rollback.to - 1) ?? [])].filter((worker) => worker !== rollback.seenBy);
    const entry: Rollback = { ...rollback, erased: erasedBy(rollback) };
    if (others.length === 1) entry.writer = others[0] as number;
    return entry;
  });
}

function views(logs: readonly Int32Array[], perWorker: readonly TopRollbacks[], maxPoints: number): TraceView[] {
  return logs.map((log, worker) => {
    const rollbackIterations = (perWorker[worker] as TopRollbacks).list().map((rollback) => rollback.iteration);
    return { worker, points: downsampleView(log, maxPoints, rollbackIterations) };
  });
}
