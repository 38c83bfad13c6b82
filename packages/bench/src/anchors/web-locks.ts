/**
 * The Web Locks anchor: `worker_threads.locks` (Node ≥ 24), one lock request per increment. Each
 * grant is a promise and a cross-thread hand-off, so it runs thousands, not millions, of increments,
 * under a deadline: a point that cannot finish in time reports how slow it was at least.
 */
import { type Measurement, measurement, unavailable } from '../measurement.js';
import { millions } from '../report/numbers.js';
import { DeadlineError, runThreadGroup } from './thread-group.js';

export async function hasWebLocks(): Promise<boolean> {
  const threads = (await import('node:worker_threads')) as { locks?: unknown };
  return typeof threads.locks === 'object' && threads.locks !== null;
}

export async function measureWebLocks(
  workers: number,
  iterations: number,
  trials: number,
  deadlineMs: number,
): Promise<Measurement> {
  if (!(await hasWebLocks())) {
    return unavailable(
      'web-locks',
      workers,
      iterations,
      `worker_threads.locks needs Node ≥ 24 (this is ${process.version})`,
    );
  }
  try {
    const samples = await runThreadGroup('web-locks', workers, iterations, trials, { deadlineMs });
    return measurement('web-locks', workers, iterations, samples);
  } catch (error) {
    if (!(error instanceof DeadlineError)) throw error;
    const atMost = (workers * iterations * (trials + 1)) / (deadlineMs / 1000);
    return unavailable(
      'web-locks',
      workers,
      iterations,
      `not done within ${deadlineMs / 1000} s: under ${millions(atMost)} M ops/s`,
    );
  }
}
