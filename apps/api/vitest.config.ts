import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { defineConfig } from 'vitest/config';
import { coverage } from '../../vitest.coverage.js';

export default defineConfig({
  test: {
    name: 'api',
    coverage,
    // Experiments run on real worker threads: test files running side by side would fight over the
    // 2 CI cores and turn timing-sensitive checks (cancel latency, lost updates) into noise.
    fileParallelism: false,
    // No test may write to the user's real notebook (~/.local/share/racelab/racelab.db): servers
    // started without --database keep runs in memory, and the default file lives under a temp folder.
    env: { RACELAB_DATABASE_URL: 'none', XDG_DATA_HOME: join(tmpdir(), 'racelab-api-tests-data') },
    testTimeout: 30_000,
    hookTimeout: 30_000,
  },
});
