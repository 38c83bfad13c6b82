/**
 * Where a run happened, read from the globals each runtime defines (no platform import): `Bun`,
 * `Deno`, Node.js's `process`, else the browser's `navigator`.
 */
import type { Environment } from '@racelab/schema';

interface RuntimeGlobals {
  Bun?: { version: string };
  Deno?: { version: { deno: string; v8: string } };
  process?: { version?: string; versions?: { node?: string; v8?: string }; platform?: string; arch?: string };
  navigator?: { userAgent?: string; platform?: string; userAgentData?: { platform?: string } };
}

/** Browser platform names, as Node.js spells them. */
const BROWSER_PLATFORMS: Record<string, string> = {
  linux: 'linux',
  android: 'android',
  windows: 'win32',
  win32: 'win32',
  macos: 'darwin',
  macintel: 'darwin',
  'chrome os': 'linux',
  chromeos: 'linux',
};

function browserPlatform(navigator: NonNullable<RuntimeGlobals['navigator']>): string {
  const reported = (navigator.userAgentData?.platform || navigator.platform || 'unknown').toLowerCase();
  const name = Object.keys(BROWSER_PLATFORMS).find((key) => reported.startsWith(key));
  return name === undefined ? reported : (BROWSER_PLATFORMS[name] as string);
}

/**
 * The environment of this thread; `cpus` and `cpuModel` come from the thread adapter (browsers do
 * not tell the CPU's model: there it is left out).
 */
export function currentEnvironment(cpus: number, cpuModel?: string): Environment {
  const globals = globalThis as RuntimeGlobals;
  const process = globals.process;
  const host = {
    ...(process?.version === undefined ? {} : { node: process.version }),
    platform: process?.platform ?? 'unknown',
    ...(process?.arch === undefined ? {} : { arch: process.arch }),
    cpus,
    ...(cpuModel === undefined || cpuModel === '' ? {} : { cpuModel }),
  };
  if (globals.Deno) {
    const { deno, v8 } = globals.Deno.version;
    return { runtime: { name: 'deno', version: deno }, ...host, v8 };
  }
  // Bun's process.versions.v8 names a V8 it is compatible with: it runs on JavaScriptCore.
  if (globals.Bun) return { runtime: { name: 'bun', version: globals.Bun.version }, ...host };
  if (process?.versions?.node !== undefined) {
    const v8 = process.versions.v8 === undefined ? {} : { v8: process.versions.v8 };
    return { runtime: { name: 'node', version: process.version ?? `v${process.versions.node}` }, ...host, ...v8 };
  }
  const navigator = globals.navigator ?? {};
  const userAgent = navigator.userAgent ?? 'unknown';
  return { runtime: { name: 'browser', version: userAgent }, userAgent, platform: browserPlatform(navigator), cpus };
}
