import { defineProject } from 'vitest/config';

export default defineProject({
  // Tests import the source of workspace packages (src/, and `#threads` → src/node-threads.ts).
  ssr: { resolve: { conditions: ['@racelab/source', 'module', 'node', 'development|production'] } },
  test: {
    name: 'core',
    globalSetup: ['./test/build-workers.ts'],
    // Worker threads are the subject under test; Vitest's own pool must not compete for the 2 cores.
    fileParallelism: false,
    testTimeout: 60_000,
    hookTimeout: 30_000,
  },
});
