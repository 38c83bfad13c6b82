import { defineConfig } from 'vitest/config';
import { coverage } from '../../vitest.coverage.js';

export default defineConfig({
  test: {
    name: 'bench',
    coverage,
    // The smoke test starts worker threads and child processes: keep Vitest's own pool off the 2 cores.
    fileParallelism: false,
    testTimeout: 120_000,
  },
});
