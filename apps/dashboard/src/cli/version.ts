import { readFileSync } from 'node:fs';

/** Read at run time from the package's own package.json, which npm always ships (src/cli or dist/cli). */
export function packageVersion(): string {
  const manifest = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as {
    version?: string;
  };
  return manifest.version ?? '0.0.0';
}
