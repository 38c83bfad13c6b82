import { defineProject } from 'vitest/config';

export default defineProject({
  test: {
    name: 'core',
    // Worker threads are the subject under test; Vitest's own pool must not compete for the 2 cores.
    fileParallelism: false,
    testTimeout: 60_000,
    hookTimeout: 30_000,
  },
});
