import type { CoverageOptions } from 'vitest/node';

/**
 * What every package's `pnpm test` (`vitest run --coverage`) measures and prints: its own src/,
 * tests aside. Code that runs in worker threads or child processes is not counted by V8 here.
 */
export const coverage: CoverageOptions = {
  provider: 'v8',
  include: ['src/**/*.{ts,tsx}'],
  exclude: ['src/**/*.test.{ts,tsx}'],
  reporter: ['text-summary'],
};
