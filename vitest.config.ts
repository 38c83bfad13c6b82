import { defineConfig } from 'vitest/config';

// `vitest` at the root runs every package's project; CI runs them per package through turbo.
export default defineConfig({
  test: {
    projects: ['packages/*', 'apps/*'],
  },
});
