import { defineProject } from 'vitest/config';

export default defineProject({
  test: {
    name: 'bench',
    // The smoke test starts worker threads and child processes: keep Vitest's own pool off the 2 cores.
    fileParallelism: false,
    testTimeout: 120_000,
  },
});
