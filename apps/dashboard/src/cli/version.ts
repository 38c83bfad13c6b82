import { readFileSync } from 'node:fs';

/** The version, written into the bundle by scripts/build.mjs; undefined when running from src/. */
declare const RACELAB_DASHBOARD_VERSION: string | undefined;

/** The package's version: from the build, or (from src/, in tests) read from its package.json. */
export function packageVersion(): string {
  if (typeof RACELAB_DASHBOARD_VERSION === 'string') return RACELAB_DASHBOARD_VERSION;
  const manifest = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as {
    version?: string;
  };
  return manifest.version ?? '0.0.0';
}
