import { defineConfig } from 'vitest/config';
import { coverage } from '../../vitest.coverage.js';

export default defineConfig({
  // Tests import the source of workspace packages (src/, and `#threads` → src/threads/node-threads.ts).
  ssr: { resolve: { conditions: ['@racelab/source', 'module', 'node', 'development|production'] } },
  test: {
    name: 'core',
    globalSetup: ['./test/build-workers.ts'],
    // The browser suite has its own config (vitest.browser.config.ts).
    exclude: ['**/node_modules/**', 'test/browser/**'],
    // Worker threads are the subject under test; Vitest's own pool must not compete for the 2 cores.
    fileParallelism: false,
    // `pnpm test` reports it (--coverage). Code run inside worker threads is not counted by V8 here;
    // worker.test.ts drives the worker side in the test's own thread so that it is.
    coverage: { ...coverage, reporter: ['text-summary', 'text'] },
    testTimeout: 60_000,
    hookTimeout: 30_000,
  },
});
