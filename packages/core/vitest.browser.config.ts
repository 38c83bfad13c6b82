import { defineProject } from 'vitest/config';

// The browser suite (`pnpm --filter @racelab/core test:browser`): real Chromium, apart from `test`.
export default defineProject({
  test: {
    name: 'core-browser',
    include: ['test/browser/**/*.test.ts'],
    globalSetup: ['./test/build-workers.ts'],
    testTimeout: 120_000,
    hookTimeout: 120_000,
  },
});
