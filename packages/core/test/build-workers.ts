/**
 * Vitest global setup: worker threads run the built `dist/` (Node.js cannot start a `.ts` worker),
 * so build before the tests and again before every watch-mode rerun. Tests then always exercise
 * the source as it is now, never a stale build.
 */
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { TestProject } from 'vitest/node';

const packageDir = fileURLToPath(new URL('..', import.meta.url));

/** The package's own build (tsc, then the bundled Node worker): see scripts/build.mjs. */
function build(): void {
  execFileSync(process.execPath, [fileURLToPath(new URL('../scripts/build.mjs', import.meta.url))], {
    cwd: packageDir,
    stdio: 'inherit',
  });
}

export function setup(project: TestProject): void {
  build();
  project.onTestsRerun(build);
}
