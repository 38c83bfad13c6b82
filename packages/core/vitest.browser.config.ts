import { defineProject } from 'vitest/config';

// The browser suite (`pnpm --filter @racelab/core test:browser`): real Chromium, Firefox and WebKit,
// apart from `test`.
export default defineProject({
  // @racelab/test-support is read from its source, like the other workspace packages in tests.
  ssr: { resolve: { conditions: ['@racelab/source', 'module', 'node', 'development|production'] } },
  test: {
    name: 'core-browser',
    include: ['test/browser/**/*.test.ts'],
    globalSetup: ['./test/build-workers.ts'],
    // One engine at a time: each runs ten Web Workers on the machine's cores.
    fileParallelism: false,
    testTimeout: 120_000,
    hookTimeout: 120_000,
  },
});
