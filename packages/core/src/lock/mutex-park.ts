/**
 * Parking a thread on a word of shared memory, the same way on every runtime.
 *
 * - Blocking (`Atomics.wait`) is not allowed on a browser's main thread: `canBlock` says whether
 *   this thread may, found out once by trying.
 * - `Atomics.waitAsync` keeps no runtime's event loop alive (Node 20–26, Bun 1.4 and Deno 2.9 all
 *   exit with a wait still pending, denoland/deno#14786), so every async park holds a timer open
 *   until it settles. Deno 2.9 then wakes it like the others.
 * - Where `Atomics.waitAsync` is missing (older browsers and runtimes; Chromium, Firefox ESR 153
 *   and WebKitGTK all have it on a cross-origin-isolated page), an async park polls the word with
 *   timers, 1 ms at first and backing off to 16 ms.
 *
 * Parks are bounded, so a wake-up lost with a thread that died can delay the others, never strand
 * them: a Condition waiter looks again at least every `PARK_BOUND_MS`; the lock's waiters have their
 * own bounds (`mutex-wait.ts`).
 */

export type ParkOutcome = 'ok' | 'not-equal' | 'timed-out';

/** The longest a Condition waiter sleeps before it looks at its word again. */
export const PARK_BOUND_MS = 100;
const KEEP_ALIVE_MARGIN_MS = 50;
const POLL_FIRST_MS = 1;
const POLL_MAX_MS = 16;

function probeBlocking(): boolean {
  try {
    // Returns "not-equal" at once where blocking is allowed; throws a TypeError where it is not.
    Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 1, 0);
    return true;
  } catch {
    return false;
  }
}

/** Whether this thread may block in `Atomics.wait` (false on a browser's main thread). */
export const canBlock: boolean = probeBlocking();

const nativeWaitAsync = typeof Atomics.waitAsync === 'function' ? Atomics.waitAsync : undefined;
let polling = nativeWaitAsync === undefined;

/** How async parks wait here: `waitAsync`, or timers that poll the word. */
export function asyncParking(): 'waitAsync' | 'polling' {
  return polling ? 'polling' : 'waitAsync';
}

/** @internal Tests force the polling fallback on runtimes that have `waitAsync`. */
export function forcePolling(enabled: boolean): void {
  polling = enabled || nativeWaitAsync === undefined;
}

/**
 * Waits, without blocking, until `cells[index]` is notified or no longer `value`, or `timeoutMs`
 * (finite) passes. Resolves synchronously (a string) when the word already differs.
 */
export function parkAsync(
  cells: Int32Array,
  index: number,
  value: number,
  timeoutMs: number,
): ParkOutcome | Promise<ParkOutcome> {
  if (Atomics.load(cells, index) !== value) return 'not-equal';
  if (polling || !nativeWaitAsync) return poll(cells, index, value, timeoutMs);
  const waiting = nativeWaitAsync(cells, index, value, timeoutMs);
  if (!waiting.async) return waiting.value;
  const keepAlive = setTimeout(() => {}, timeoutMs + KEEP_ALIVE_MARGIN_MS);
  return waiting.value.then((outcome) => {
    clearTimeout(keepAlive);
    return outcome;
  });
}

function poll(cells: Int32Array, index: number, value: number, timeoutMs: number): Promise<ParkOutcome> {
  const deadline = performance.now() + timeoutMs;
  let delay = POLL_FIRST_MS;
  return new Promise((resolve) => {
    const look = () => {
      if (Atomics.load(cells, index) !== value) return resolve('ok');
      const remaining = deadline - performance.now();
      if (remaining <= 0) return resolve('timed-out');
      setTimeout(look, Math.min(delay, remaining));
      delay = Math.min(delay * 2, POLL_MAX_MS);
    };
    setTimeout(look, Math.min(delay, timeoutMs));
  });
}
