import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';

/**
 * What a visitor downloads before the page works: the scripts `index.html` loads and everything
 * they import statically. Chunks imported with `import()` (core and its Web Worker, for "Run it in
 * this browser") come later, only when asked for, and are not counted.
 */
const DIST = join(dirname(fileURLToPath(import.meta.url)), '..', 'dist');

/**
 * The page's JavaScript at first load, gzipped at level 9, may not grow past this. Today: 22.7 KB
 * (see the README). zod alone would add ~24 KB, so its return fails here as well as below.
 */
const FIRST_LOAD_GZIP_BUDGET = 24 * 1024;

/** Strings zod's code cannot do without: every schema keeps its internals under `_zod`, and its error class is named `ZodError`. */
const ZOD_MARKERS = ['_zod', 'ZodError'];

function firstLoadScripts(): Map<string, string> {
  if (!existsSync(join(DIST, 'index.html'))) {
    // `pnpm test` builds the page first (turbo: test depends on build); a bare vitest run may not have.
    throw new Error('apps/web/dist/index.html is missing: run `pnpm --filter @racelab/web build` first');
  }
  const html = readFileSync(join(DIST, 'index.html'), 'utf8');
  const entries = [...html.matchAll(/<(?:script[^>]*\ssrc|link[^>]*rel="modulepreload"[^>]*\shref)="\/([^"]+\.js)"/g)];
  const scripts = new Map<string, string>();
  const visit = (path: string) => {
    if (scripts.has(path)) return;
    const code = readFileSync(join(DIST, path), 'utf8');
    scripts.set(path, code);
    // Static imports only: `import{…}from"./x.js"`, `import"./x.js"`; `import(`./x.js`)` is lazy.
    for (const [, specifier = ''] of code.matchAll(/(?:\bfrom|\bimport)\s*["']\.\/([^"']+\.js)["']/g)) {
      visit(join(dirname(path), specifier));
    }
  };
  for (const [, path = ''] of entries) visit(path);
  return scripts;
}

function zodMarkersIn(code: string): string[] {
  return ZOD_MARKERS.filter((marker) => code.includes(marker));
}

describe("the page's first load", () => {
  it('is the entry script and what it imports statically', () => {
    const scripts = firstLoadScripts();
    expect([...scripts.keys()].some((path) => /^assets\/index-[\w-]+\.js$/.test(path))).toBe(true);
  });

  it('carries no zod: the page imports only types and zod-free helpers from @racelab/schema', () => {
    for (const [path, code] of firstLoadScripts()) expect(zodMarkersIn(code), path).toEqual([]);
  });

  it('would see zod if it were there', () => {
    const schema = createRequire(import.meta.url).resolve('@racelab/schema/package.json');
    const zodCore = dirname(createRequire(schema).resolve('zod/v4/core'));
    expect(zodMarkersIn(readFileSync(join(zodCore, 'core.js'), 'utf8'))).toContain('_zod');
    expect(zodMarkersIn(readFileSync(join(zodCore, 'errors.js'), 'utf8'))).toContain('ZodError');
  });

  it(`stays within ${FIRST_LOAD_GZIP_BUDGET} bytes gzipped`, () => {
    let total = 0;
    for (const code of firstLoadScripts().values()) total += gzipSync(code, { level: 9 }).length;
    expect(total).toBeLessThanOrEqual(FIRST_LOAD_GZIP_BUDGET);
  });
});
