import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { defineConfig } from 'vitest/config';
import { coverage } from '../../vitest.coverage.js';

// The API servers the e2e suite starts keep their runs here, never in the user's ~/.local/share/racelab.
const dataHome = mkdtempSync(join(tmpdir(), 'racelab-test-data-'));
process.env.XDG_DATA_HOME = dataHome;

export default defineConfig({
  test: {
    name: 'web',
    coverage,
    include: ['src/**/*.test.ts', 'src/**/*.test.tsx', 'test/**/*.test.ts'],
    globalSetup: ['test/data-home.ts'],
    env: { XDG_DATA_HOME: dataHome, RACELAB_DATABASE_URL: '' },
    // The end-to-end suite drives one Chromium against one API server running real worker threads:
    // files side by side would fight over the 2 CI cores.
    fileParallelism: false,
    testTimeout: 60_000,
    hookTimeout: 60_000,
  },
});
