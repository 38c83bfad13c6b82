/**
 * Spin-wait hints. `Atomics.pause` (Node ≥ 24, V8 ≥ 13.3) compiles to x86 `pause` / arm64 `yield`,
 * letting the sibling hyper-thread run and easing the memory bus while we spin. Older engines get a
 * stand-in that costs a few nanoseconds and, unlike an empty loop, cannot be optimized away: an
 * `Atomics.load` of a thread-private word (every Atomics call is a builtin call in V8, never elided),
 * which touches no shared cache line.
 */
type AtomicsWithPause = typeof Atomics & { pause?: (iterationNumber?: number) => void };

const nativePause = (Atomics as AtomicsWithPause).pause;

export const hasAtomicsPause = typeof nativePause === 'function';

const privateWord = new Int32Array(1);

export const cpuRelax: () => void = hasAtomicsPause
  ? () => (Atomics as Required<AtomicsWithPause>).pause()
  : () => {
      Atomics.load(privateWord, 0);
    };

/** Waits `units` spin hints without touching shared memory: the delay step of exponential backoff. */
export function backOff(units: number): void {
  for (let unit = 0; unit < units; unit++) cpuRelax();
}
