/**
 * How long this machine takes to run a thread that `Atomics.notify` wakes: what every hand-off of
 * a fair lock waits for, and what other processes stretch. A worker parks; this thread stamps the
 * clock and wakes it; the worker reads the clock when it runs.
 */
import { once } from 'node:events';
import { Worker } from 'node:worker_threads';

export interface WakeLatency {
  samples: number;
  p50Ms: number;
  p99Ms: number;
  maxMs: number;
}

const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const ints = new Int32Array(workerData.buffer, 0, 2);
const stamp = new Float64Array(workerData.buffer, 8, 1);
const delays = [];
for (let sample = 0; sample < workerData.samples; sample++) {
  Atomics.store(ints, 1, sample + 1);
  Atomics.notify(ints, 1);
  while (Atomics.load(ints, 0) === sample) Atomics.wait(ints, 0, sample);
  delays.push(performance.timeOrigin + performance.now() - stamp[0]);
}
parentPort.postMessage(delays);
`;

export async function measureWakeLatency(samples: number): Promise<number[]> {
  const buffer = new SharedArrayBuffer(16);
  const ints = new Int32Array(buffer, 0, 2);
  const stamp = new Float64Array(buffer, 8, 1);
  const worker = new Worker(WORKER_SOURCE, { eval: true, workerData: { buffer, samples } });
  const delays = once(worker, 'message');
  for (let sample = 0; sample < samples; sample++) {
    // Wait until the worker is about to park, give it time to, then wake it.
    while (Atomics.load(ints, 1) !== sample + 1) await new Promise((resolve) => setTimeout(resolve, 0));
    await new Promise((resolve) => setTimeout(resolve, 1));
    stamp[0] = performance.timeOrigin + performance.now();
    Atomics.store(ints, 0, sample + 1);
    Atomics.notify(ints, 0);
  }
  const [values] = (await delays) as [number[]];
  await worker.terminate();
  return values;
}

export function summarizeWakes(values: readonly number[]): WakeLatency {
  const sorted = [...values].sort((a, b) => a - b);
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? Number.NaN;
  return { samples: sorted.length, p50Ms: at(0.5), p99Ms: at(0.99), maxMs: sorted.at(-1) ?? Number.NaN };
}
