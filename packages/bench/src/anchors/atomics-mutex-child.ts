/** Child process entry (started with `--harmony-struct`): runs the Atomics.Mutex anchor, prints JSON. */
import type { AnchorPoint, ChildReport } from './atomics-mutex.js';
import { runThreadGroup } from './thread-group.js';

const NativeMutex = (Atomics as unknown as { Mutex?: new () => unknown }).Mutex;

async function main(): Promise<ChildReport> {
  if (typeof NativeMutex !== 'function') {
    return { ok: false, reason: `Atomics.Mutex does not exist in Node ${process.version}, even with --harmony-struct` };
  }
  const points = JSON.parse(process.argv[2] ?? '[]') as AnchorPoint[];
  const results = [];
  for (const point of points) {
    results.push(
      await runThreadGroup('atomics-mutex', point.workers, point.iterations, point.trials, {
        mutex: new NativeMutex(),
      }),
    );
  }
  return { ok: true, points: results };
}

main().then(
  (report) => process.stdout.write(`${JSON.stringify(report)}\n`),
  (error: unknown) => {
    process.stdout.write(
      `${JSON.stringify({ ok: false, reason: error instanceof Error ? error.message : String(error) })}\n`,
    );
  },
);
