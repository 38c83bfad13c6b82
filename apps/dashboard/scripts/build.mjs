/**
 * Builds the `racelab` command into dist/: src/cli.tsx bundled by esbuild with racelab's packages
 * and zod, split at the CLI's dynamic imports so each command loads only its own code (React and
 * Ink stay ordinary dependencies, loaded only by the live dashboard).
 *
 * Why a bundle: `racelab run --json` is timed start to exit against Python, and Node's ES module
 * loader pays for every file it resolves, reads and links: the schema alone is ~230 files, zod
 * included. (Workspace packages are bundled from their source, by the `@racelab/source` condition
 * of tsconfig.json, as the tests run them. Type checking is `pnpm typecheck`: esbuild strips types.)
 *
 * The notebook (@racelab/store, Kysely) is bundled like the rest, in its own chunk loaded only when a
 * command keeps or reads runs; its drivers are the dashboard's own dependencies, resolved at run time.
 *
 * @racelab/core starts its worker threads from `node-worker.cjs` beside its thread adapter, found with
 * `import.meta.url`: bundled, that code lives in dist/, so the worker file is copied there.
 *
 *   node scripts/build.mjs            build once
 *   node scripts/build.mjs --watch    rebuild on every change (`dev`)
 */
import { copyFileSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as esbuild from 'esbuild';

const packageDir = fileURLToPath(new URL('..', import.meta.url));
const dist = join(packageDir, 'dist');
const manifest = JSON.parse(readFileSync(join(packageDir, 'package.json'), 'utf8'));
const WORKER_FILE = 'node-worker.cjs';
const coreDir = dirname(createRequire(join(packageDir, 'package.json')).resolve('@racelab/core/package.json'));

/** Copies core's worker entry into dist/, after checking the bundle still looks for it by that name. */
const copyWorker = {
  name: 'copy-core-worker',
  setup(build) {
    build.onEnd((result) => {
      if (result.errors.length > 0) return;
      const startsWorkers = Object.keys(result.metafile.outputs).some(
        (file) => file.endsWith('.js') && readFileSync(join(packageDir, file), 'utf8').includes(WORKER_FILE),
      );
      if (!startsWorkers) throw new Error(`no chunk of the bundle names ${WORKER_FILE}: has @racelab/core renamed it?`);
      for (const file of [WORKER_FILE, `${WORKER_FILE}.map`])
        copyFileSync(join(coreDir, 'dist', 'threads', file), join(dist, file));
    });
  },
};

/** @type {import('esbuild').BuildOptions} */
const options = {
  absWorkingDir: packageDir,
  entryPoints: ['src/cli.tsx'],
  outdir: 'dist',
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  // Only the live dashboard loads these, and they stay packages (Ink loads optional modules lazily).
  // The store's drivers stay packages too: libsql loads a prebuilt native module for this platform
  // from an optional package, and pg has an optional native binding; both load only when a run is kept.
  external: ['ink', 'react', 'react/*', 'libsql', 'pg'],
  chunkNames: '[name]-[hash]',
  define: { RACELAB_DASHBOARD_VERSION: JSON.stringify(manifest.version) },
  sourcemap: 'linked',
  sourcesContent: false,
  metafile: true,
  plugins: [copyWorker],
  logLevel: 'warning',
};

rmSync(dist, { recursive: true, force: true });
if (process.argv.includes('--watch')) {
  const context = await esbuild.context({ ...options, logLevel: 'info' });
  await context.watch();
} else {
  await esbuild.build(options);
}
