/**
 * The no-contention ceiling: the same plain read-add-write of a shared `Int32Array` as `none`, on
 * one thread (this one), with no other thread to share the cache line with.
 */
import { type Measurement, measurement, type TrialSample } from '../measurement.js';
import { COUNTER, monotonicMs } from './shared-words.js';

/** Same chunking as racelab's loops: a seq-cst store after each chunk, so no chunk can be merged. */
const CHUNK = 4096;

function countTo(ints: Int32Array, total: number): void {
  let done = 0;
  while (done < total) {
    const end = Math.min(done + CHUNK, total);
    for (let i = done; i < end; i++) ints[COUNTER] = (ints[COUNTER] as number) + 1;
    done = end;
    Atomics.store(ints, 0, done);
  }
}

export function measureSingleThread(total: number, trials: number, workersLabel = 1): Measurement {
  const ints = new Int32Array(new SharedArrayBuffer(3 * 64));
  countTo(ints, Math.min(total, 100_000));
  const samples: TrialSample[] = [];
  for (let trial = 0; trial < trials; trial++) {
    Atomics.store(ints, COUNTER, 0);
    const startedAt = monotonicMs();
    countTo(ints, total);
    const runMs = monotonicMs() - startedAt;
    samples.push({ opsPerSecond: total / (runMs / 1000), runMs, increments: total, actual: ints[COUNTER] as number });
  }
  return measurement('single-thread', workersLabel, total, samples);
}
