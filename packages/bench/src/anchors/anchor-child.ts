/** Child process entry: runs one anchor point (JSON in argv) and prints a `ChildReport` as JSON. */
import type { AnchorPoint, ChildReport } from './child-anchor.js';
import { runThreadGroup } from './thread-group.js';
import { hasWebLocks } from './web-locks.js';

const NativeMutex = (Atomics as unknown as { Mutex?: new () => unknown }).Mutex;

async function main(): Promise<ChildReport> {
  const point = JSON.parse(process.argv[2] ?? '{}') as AnchorPoint;
  if (point.kind === 'atomics-mutex' && typeof NativeMutex !== 'function') {
    return { ok: false, reason: `Atomics.Mutex does not exist in Node ${process.version}, even with --harmony-struct` };
  }
  if (point.kind === 'web-locks' && !(await hasWebLocks())) {
    return { ok: false, reason: `worker_threads.locks needs Node ≥ 24 (this is ${process.version})` };
  }
  const mutex = point.kind === 'atomics-mutex' && NativeMutex ? new NativeMutex() : undefined;
  const samples = await runThreadGroup(point.kind, point.workers, point.iterations, point.trials, { mutex });
  return { ok: true, samples };
}

main().then(
  (report) => process.stdout.write(`${JSON.stringify(report)}\n`),
  (error: unknown) => {
    process.stdout.write(
      `${JSON.stringify({ ok: false, reason: error instanceof Error ? error.message : String(error) })}\n`,
    );
  },
);
