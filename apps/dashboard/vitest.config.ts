import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { defineConfig } from 'vitest/config';
import { coverage } from '../../vitest.coverage.js';

// Every run a test makes is kept here, never in the user's ~/.local/share/racelab (test/data-home.ts removes it).
const dataHome = mkdtempSync(join(tmpdir(), 'racelab-test-data-'));
process.env.XDG_DATA_HOME = dataHome;

export default defineConfig({
  test: {
    name: 'dashboard',
    coverage,
    include: ['src/**/*.test.ts', 'src/**/*.test.tsx'],
    globalSetup: ['test/data-home.ts'],
    // A RACELAB_DATABASE_URL of the user's (their class's PostgreSQL) must not receive test runs either.
    env: { XDG_DATA_HOME: dataHome, RACELAB_DATABASE_URL: '' },
    // Real worker threads run in these tests; on 2 cores, parallel test files would starve them.
    fileParallelism: false,
    testTimeout: 60_000,
    hookTimeout: 30_000,
  },
});
