/**
 * A spin-wait hint to the CPU: `Atomics.pause` (Node ≥ 24, V8 ≥ 13.3) compiles to x86 `pause` /
 * arm64 `yield`, letting the sibling hyper-thread run and easing the memory bus while we spin.
 * Older engines get a no-op, which the JIT inlines away.
 */
type AtomicsWithPause = typeof Atomics & { pause?: (iterationNumber?: number) => void };

const nativePause = (Atomics as AtomicsWithPause).pause;

export const hasAtomicsPause = typeof nativePause === 'function';

export const cpuRelax: () => void = hasAtomicsPause ? () => (Atomics as Required<AtomicsWithPause>).pause() : () => {};
