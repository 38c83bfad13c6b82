import { defineConfig } from 'vitest/config';
import { coverage } from '../../vitest.coverage.js';

export default defineConfig({
  test: {
    name: 'store',
    coverage,
    // A throwaway PostgreSQL server for the run (see src/testing/postgres-global-setup.ts).
    globalSetup: ['./src/testing/postgres-global-setup.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
  },
});
