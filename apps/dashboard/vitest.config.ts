import { defineConfig } from 'vitest/config';
import { coverage } from '../../vitest.coverage.js';

export default defineConfig({
  test: {
    name: 'dashboard',
    coverage,
    include: ['src/**/*.test.ts', 'src/**/*.test.tsx'],
    // Real worker threads run in these tests; on 2 cores, parallel test files would starve them.
    fileParallelism: false,
    testTimeout: 60_000,
    hookTimeout: 30_000,
  },
});
