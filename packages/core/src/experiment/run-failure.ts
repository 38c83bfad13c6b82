/** Why a run ended early, as the result's `error` will say it. */
import type { RunErrorCode } from '@racelab/schema';

export class RunFailure extends Error {
  constructor(
    readonly code: RunErrorCode,
    message: string,
    readonly reason?: unknown,
  ) {
    super(message);
  }
}

export function cancelledBy(reason: unknown): RunFailure {
  return new RunFailure('cancelled', `the run was cancelled${reasonText(reason)}`, reason);
}

export function timedOut(timeoutMs: number): RunFailure {
  return new RunFailure('timeout', `the run took longer than its limit of ${timeoutMs} ms`);
}

export function progressCallbackFailed(error: unknown): RunFailure {
  return new RunFailure('internal', `onProgress threw: ${error instanceof Error ? error.message : String(error)}`);
}

/** How a worker's thread ended, in words: "threw: …", "exited with code 70", "ended". */
export function howItEnded(error: Error | undefined, exitCode: number | undefined): string {
  if (error) return `threw: ${error.message}`;
  return exitCode === undefined ? 'ended' : `exited with code ${exitCode}`;
}

/** A worker's thread ended mid-run; `heldLock` when it died holding the run's mutex. */
export function workerDied(index: number, error: Error | undefined, exitCode: number | undefined, heldLock: boolean) {
  const how = howItEnded(error, exitCode);
  if (heldLock) {
    return new RunFailure(
      'lock_owner_died',
      `worker ${index} ${how} while holding the mutex; the runner released the lock and stopped the run`,
    );
  }
  return new RunFailure(error ? 'worker_crashed' : 'worker_exited', `worker ${index} ${how}`);
}

function reasonText(reason: unknown): string {
  if (reason instanceof Error && reason.name !== 'AbortError') return `: ${reason.message}`;
  if (typeof reason === 'string') return `: ${reason}`;
  return '';
}
