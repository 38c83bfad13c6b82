import { execFile } from 'node:child_process';
import { readdir, readFile, stat, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { stats } from '@racelab/core/internal';
import type { Stats } from '@racelab/schema';
import { openRunStore } from '@racelab/store';
import type { StoreSettings } from './store-bench.js';

const run = promisify(execFile);

export interface DriverCost {
  /** The embedded driver, as resolved from @racelab/store. */
  driver: string;
  install:
    | { seconds: number; packages: number; mebibytes: number; installScripts: string[]; command: string }
    | { skipped: string };
  /** A fresh process: importing @racelab/store (kysely, libsql, pg), then opening an existing notebook. */
  importMs: Stats;
  openExistingMs: Stats;
  /** In one process: creating a new notebook file (folders, schema, indexes). */
  openNewMs: Stats;
}

export async function measureDriver(settings: StoreSettings, folder: string): Promise<DriverCost> {
  const storeRequire = createRequire(createRequire(import.meta.url).resolve('@racelab/store'));
  // libsql exports no ./package.json: read the one beside its entry.
  const libsqlManifest = join(dirname(storeRequire.resolve('libsql')), 'package.json');
  const libsqlVersion = JSON.parse(await readFile(libsqlManifest, 'utf8')).version;
  const driver = `libsql ${libsqlVersion}`;
  const install = settings.installDriver
    ? await timeInstall(`libsql@${libsqlVersion}`, join(folder, 'install'))
    : { skipped: 'not in this run (full runs time it)' };

  const openNewSamples: number[] = [];
  for (let round = 0; round < settings.openRounds; round += 1) {
    const started = performance.now();
    const store = await openRunStore(join(folder, `new-${round}`, 'racelab.db'));
    openNewSamples.push(performance.now() - started);
    await store.close();
  }
  const existing = join(folder, 'new-0', 'racelab.db');
  const importSamples: number[] = [];
  const openSamples: number[] = [];
  const entry = pathToFileURL(createRequire(import.meta.url).resolve('@racelab/store')).href;
  const script = `
    const t0 = performance.now();
    const { openRunStore } = await import(${JSON.stringify(entry)});
    const t1 = performance.now();
    const store = await openRunStore(${JSON.stringify(existing)});
    const t2 = performance.now();
    await store.close();
    console.log(JSON.stringify({ importMs: t1 - t0, openMs: t2 - t1 }));`;
  for (let round = 0; round < settings.openRounds; round += 1) {
    const { stdout } = await run(process.execPath, ['--input-type=module', '-e', script]);
    const { importMs, openMs } = JSON.parse(stdout) as { importMs: number; openMs: number };
    importSamples.push(importMs);
    openSamples.push(openMs);
  }
  return {
    driver,
    install,
    importMs: stats(importSamples)!,
    openExistingMs: stats(openSamples)!,
    openNewMs: stats(openNewSamples)!,
  };
}

/** `npm install` of the driver alone into an empty folder: what a user's install of it costs. */
async function timeInstall(spec: string, folder: string): Promise<DriverCost['install']> {
  const command = `npm install ${spec} --no-audit --no-fund`;
  try {
    await run('mkdir', ['-p', folder]);
    await writeFile(join(folder, 'package.json'), '{ "private": true }\n');
    const started = performance.now();
    await run('npm', ['install', spec, '--no-audit', '--no-fund'], { cwd: folder });
    const seconds = (performance.now() - started) / 1000;
    const modules = join(folder, 'node_modules');
    const packages = await packageFolders(modules);
    const installScripts: string[] = [];
    for (const packageFolder of packages) {
      const manifest = JSON.parse(await readFile(join(packageFolder, 'package.json'), 'utf8'));
      const scripts = Object.keys(manifest.scripts ?? {}).filter((name) => /^(pre|post)?install$/.test(name));
      if (scripts.length > 0) installScripts.push(`${manifest.name}: ${scripts.join(', ')}`);
    }
    return {
      seconds,
      packages: packages.length,
      mebibytes: (await folderBytes(modules)) / 2 ** 20,
      installScripts,
      command,
    };
  } catch (error) {
    return { skipped: `${command} failed: ${(error as Error).message.split('\n')[0]}` };
  }
}

async function packageFolders(modules: string): Promise<string[]> {
  const found: string[] = [];
  for (const name of await readdir(modules)) {
    if (name.startsWith('.')) continue;
    if (name.startsWith('@')) {
      for (const scoped of await readdir(join(modules, name))) found.push(join(modules, name, scoped));
    } else {
      found.push(join(modules, name));
    }
  }
  return found;
}

async function folderBytes(path: string): Promise<number> {
  const info = await stat(path);
  if (!info.isDirectory()) return info.size;
  let total = 0;
  for (const name of await readdir(path)) total += await folderBytes(join(path, name));
  return total;
}
