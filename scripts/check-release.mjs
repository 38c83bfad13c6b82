#!/usr/bin/env node
/**
 * CI's release check: what a user gets from `npm install`, tried as a user would.
 *
 * 1. `pnpm release --dry-run`: a fresh clone, versioned, built, packed, linted (publint, attw).
 * 2. A scratch project outside the workspace installs the tarballs with npm (their dependencies,
 *    zod, come from the registry), imports every subpath each package exports, and runs the
 *    README examples of each package, as shipped in its tarball.
 *
 * A README example is a ```js block whose first line names its file: `// race.mjs — node race.mjs`
 * is written and run with node (it must exit 0); `// worker.mjs` alone is written for the others to
 * load. Blocks without a file name are not examples to run (install lines, fragments).
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { dryRun } from './lib/release.mjs';
import { capture, run } from './lib/workspace.mjs';

const EXAMPLE_TIMEOUT_MS = 120_000;

/** `{ file, run, code }` for every named ```js block of a README. */
export function readmeExamples(markdown) {
  const blocks = [...markdown.matchAll(/^```(?:js|javascript|mjs)\n([\s\S]*?)^```$/gm)].map(([, code]) => code);
  return blocks.flatMap((code) => {
    const header = /^\/\/\s*(\S+\.m?js)(?:\s+—\s+node\s+(\S+))?/.exec(code);
    if (!header) return [];
    return [{ file: header[1], run: header[2] === header[1], code }];
  });
}

function exportedSubpaths({ name, manifest }) {
  const entries = manifest.exports ? Object.keys(manifest.exports) : ['.'];
  return entries
    .filter((entry) => !entry.endsWith('.json') && !entry.includes('*'))
    .map((entry) => name + entry.slice(1));
}

function scratchProject(tarballs) {
  const dir = mkdtempSync(join(tmpdir(), 'racelab-scratch-'));
  writeFileSync(join(dir, 'package.json'), `${JSON.stringify({ name: 'scratch', private: true, type: 'module' })}\n`);
  run('npm', ['install', '--no-audit', '--no-fund', '--loglevel=error', ...tarballs.map((t) => t.tarball)], {
    cwd: dir,
  });
  return dir;
}

function runExample(dir, pkg, file) {
  const startedAt = performance.now();
  const result = spawnSync(process.execPath, [file], { cwd: dir, encoding: 'utf8', timeout: EXAMPLE_TIMEOUT_MS });
  const ms = Math.round(performance.now() - startedAt);
  const output = `${result.stdout}${result.stderr}`.trimEnd().replace(/^/gm, '    ');
  if (result.status !== 0) {
    throw new Error(`${pkg.name} README: node ${file} exited ${result.status ?? result.signal}:\n${output}`);
  }
  console.log(`  node ${file}: ok in ${ms} ms\n${output}`);
}

function main() {
  const outDir = mkdtempSync(join(tmpdir(), 'racelab-tarballs-'));
  try {
    const tarballs = dryRun(outDir);
    const dir = scratchProject(tarballs);
    try {
      for (const pkg of tarballs) {
        console.log(`\n== ${pkg.name}@${pkg.version} installed from its tarball`);
        for (const specifier of exportedSubpaths(pkg)) {
          capture(process.execPath, ['--input-type=module', '-e', `await import(${JSON.stringify(specifier)})`], {
            cwd: dir,
          });
          console.log(`  import('${specifier}'): ok`);
        }
        const readme = capture('tar', ['-xzOf', pkg.tarball, 'package/README.md']);
        const examples = readmeExamples(readme);
        if (!examples.some((example) => example.run)) throw new Error(`${pkg.name}: its README has no example to run`);
        // One folder per package, so two READMEs may use the same file name.
        const exampleDir = join(dir, pkg.name.replace(/^@/, '').replace('/', '-'));
        mkdirSync(exampleDir);
        // Files the examples load first; then each example is written and run in README order, so two
        // examples may share a name (the Node one and the Bun/Deno one, say).
        for (const example of examples.filter((entry) => !entry.run)) {
          writeFileSync(join(exampleDir, example.file), example.code);
        }
        for (const example of examples.filter((entry) => entry.run)) {
          writeFileSync(join(exampleDir, example.file), example.code);
          runExample(exampleDir, pkg, example.file);
        }
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
    console.log(`\ncheck-release: ${tarballs.length} tarballs install, import and run their README examples.`);
  } finally {
    rmSync(outDir, { recursive: true, force: true });
  }
}

try {
  main();
} catch (error) {
  console.error(`check-release: ${error instanceof Error ? error.message : String(error)}`);
  process.exitCode = 1;
}
