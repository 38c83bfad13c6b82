/**
 * Builds @racelab/core into dist/: `tsc` for the modules and their types, then esbuild for the Node
 * worker entry, bundled with everything it imports into one CommonJS file beside the adapter that
 * starts it (dist/threads/node-worker.cjs). A worker thread started from that file needs neither
 * Node's ESM loader nor a dozen module lookups, and they are most of what spawning a worker costs
 * (the browser's threads/web-worker.js stays ESM: bundlers make their own chunk of it).
 *
 *   node scripts/build.mjs            build once (package.json `build`, and the tests' global setup)
 *   node scripts/build.mjs --watch    rebuild both on every change (`dev`)
 */
import { spawn, spawnSync } from 'node:child_process';
import { rmSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import * as esbuild from 'esbuild';

const packageDir = fileURLToPath(new URL('..', import.meta.url));
const tsc = fileURLToPath(new URL('../node_modules/typescript/bin/tsc', import.meta.url));
const watch = process.argv.includes('--watch');

// From empty: a file whose source is gone (a renamed module) must not linger in dist/ and be packed.
rmSync(fileURLToPath(new URL('../dist', import.meta.url)), { recursive: true, force: true });

/** @type {import('esbuild').BuildOptions} */
const worker = {
  absWorkingDir: packageDir,
  entryPoints: ['src/threads/node-worker.ts'],
  outfile: 'dist/threads/node-worker.cjs',
  bundle: true,
  platform: 'node',
  format: 'cjs',
  // engines.node; Bun and Deno run this syntax too.
  target: 'node20',
  // Maps point at the shipped src/ (for --enable-source-maps) without copying it into the map.
  sourcemap: 'linked',
  sourcesContent: false,
  logLevel: 'warning',
};

if (watch) {
  const context = await esbuild.context({ ...worker, logLevel: 'info' });
  await context.watch();
  spawn(process.execPath, [tsc, '-p', 'tsconfig.build.json', '--watch', '--preserveWatchOutput'], {
    cwd: packageDir,
    stdio: 'inherit',
  }).on('exit', async (code) => {
    await context.dispose();
    process.exitCode = code ?? 1;
  });
} else {
  const types = spawnSync(process.execPath, [tsc, '-p', 'tsconfig.build.json'], { cwd: packageDir, stdio: 'inherit' });
  if (types.status !== 0) process.exit(types.status ?? 1);
  await esbuild.build(worker);
}
