/** Child process entry: runs one probe point (JSON in argv) and prints a `ProbeReport` as JSON. */
import { hasWebLocks } from '../anchors/web-locks.js';
import { calibrateCriticalSection, type ProbePoint, type ProbeRound, runProbe } from './probe-group.js';

export type ProbeReport = { ok: true; csLoops: number; rounds: ProbeRound[] } | { ok: false; reason: string };

const NativeMutex = (Atomics as unknown as { Mutex?: new () => unknown }).Mutex;

async function main(): Promise<ProbeReport> {
  const point = JSON.parse(process.argv[2] ?? '{}') as ProbePoint;
  if (point.kind === 'atomics-mutex' && typeof NativeMutex !== 'function') {
    return { ok: false, reason: `Atomics.Mutex does not exist in Node ${process.version}, even with --harmony-struct` };
  }
  if (point.kind === 'web-locks' && !(await hasWebLocks())) {
    return { ok: false, reason: `worker_threads.locks needs Node ≥ 24 (this is ${process.version})` };
  }
  const csLoops = calibrateCriticalSection(point.csNs);
  const nativeMutex = point.kind === 'atomics-mutex' && NativeMutex ? new NativeMutex() : undefined;
  return { ok: true, csLoops, rounds: await runProbe(point, csLoops, nativeMutex) };
}

main().then(
  (report) =>
    process.stdout.write(
      `${JSON.stringify(report, (_, value) => (value instanceof Uint32Array ? [...value] : value))}\n`,
    ),
  (error: unknown) =>
    process.stdout.write(
      `${JSON.stringify({ ok: false, reason: error instanceof Error ? error.message : String(error) })}\n`,
    ),
);
