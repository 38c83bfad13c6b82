/** Helpers every part uses: a clock all threads share, and the CPU's spin-wait hint. */
export { monotonicMs } from './clock.js';
export { backOff, cpuRelax, hasAtomicsPause } from './cpu-relax.js';
