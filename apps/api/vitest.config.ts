import { defineConfig } from 'vitest/config';
import { coverage } from '../../vitest.coverage.js';

export default defineConfig({
  test: {
    name: 'api',
    coverage,
    // Experiments run on real worker threads: test files running side by side would fight over the
    // 2 CI cores and turn timing-sensitive checks (cancel latency, lost updates) into noise.
    fileParallelism: false,
    testTimeout: 30_000,
    hookTimeout: 30_000,
  },
});
