import { defineProject } from 'vitest/config';
import { coverage } from '../../vitest.coverage.js';

export default defineProject({
  test: {
    name: 'command-line',
    coverage,
  },
});
