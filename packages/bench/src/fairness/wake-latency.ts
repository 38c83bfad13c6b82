/**
 * How long this machine takes to run a thread that `Atomics.notify` woke while the waking thread
 * goes on running, as a lock holder does when it wakes the next waiter in line: what every turn of
 * a fair lock waits for, and what other processes stretch. One worker parks; another, busy, stamps
 * the clock, wakes it and keeps spinning for 3 ms; the woken one reads the clock when it runs.
 */
import { once } from 'node:events';
import { Worker } from 'node:worker_threads';

export interface WakeLatency {
  samples: number;
  p50Ms: number;
  p90Ms: number;
  maxMs: number;
}

const SLEEPER = `
const { parentPort, workerData } = require('node:worker_threads');
const ints = new Int32Array(workerData.buffer, 0, 2);
const stamp = new Float64Array(workerData.buffer, 8, 1);
const delays = [];
for (let sample = 0; sample < workerData.samples; sample++) {
  Atomics.store(ints, 1, sample + 1);
  while (Atomics.load(ints, 0) === sample) Atomics.wait(ints, 0, sample);
  delays.push(performance.timeOrigin + performance.now() - stamp[0]);
}
parentPort.postMessage(delays);
`;

const WAKER = `
const { workerData } = require('node:worker_threads');
const ints = new Int32Array(workerData.buffer, 0, 2);
const stamp = new Float64Array(workerData.buffer, 8, 1);
const spin = (ms) => { const since = performance.now(); while (performance.now() - since < ms) {} };
for (let sample = 0; sample < workerData.samples; sample++) {
  while (Atomics.load(ints, 1) !== sample + 1) {}
  spin(1); // the sleeper is parked by now
  stamp[0] = performance.timeOrigin + performance.now();
  Atomics.store(ints, 0, sample + 1);
  Atomics.notify(ints, 0);
  spin(3);
}
`;

export async function measureWakeLatency(samples: number): Promise<number[]> {
  const buffer = new SharedArrayBuffer(16);
  const workerData = { buffer, samples };
  const sleeper = new Worker(SLEEPER, { eval: true, workerData });
  const waker = new Worker(WAKER, { eval: true, workerData });
  const [values] = (await once(sleeper, 'message')) as [number[]];
  await Promise.all([sleeper.terminate(), waker.terminate()]);
  return values;
}

export function summarizeWakes(values: readonly number[]): WakeLatency {
  const sorted = [...values].sort((a, b) => a - b);
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? Number.NaN;
  return { samples: sorted.length, p50Ms: at(0.5), p90Ms: at(0.9), maxMs: sorted.at(-1) ?? Number.NaN };
}
