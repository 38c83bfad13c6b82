/// <reference types="node" />
import { readFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const SOURCE = dirname(fileURLToPath(import.meta.url));

/**
 * The modules a web page may load without the validators: `@racelab/schema/format`, and the
 * plain data the main entry re-exports (bounds, strategy info, message wording). A bundler keeps
 * zod out of a page only while no value import from these reaches it.
 */
const ZOD_FREE_ENTRIES = ['format/index.ts', 'bounds.ts', 'strategy-info.ts', 'messages.ts'];

/** Every module reached through value imports (`import type` is erased), as paths under src/. */
function valueImports(entry: string, seen = new Set<string>()): Set<string> {
  if (seen.has(entry)) return seen;
  seen.add(entry);
  const text = readFileSync(join(SOURCE, entry), 'utf8');
  for (const match of text.matchAll(/^(?:import|export)\s+(type\s+)?[^;]*?from\s+'([^']+)';/gms)) {
    const [, typeOnly, specifier = ''] = match;
    if (typeOnly) continue;
    if (!specifier.startsWith('.')) {
      seen.add(specifier);
      continue;
    }
    const resolved = relative(SOURCE, join(SOURCE, dirname(entry), specifier)).replace(/\.js$/, '.ts');
    valueImports(resolved, seen);
  }
  return seen;
}

describe('the zod-free modules', () => {
  for (const entry of ZOD_FREE_ENTRIES) {
    it(`${entry} loads no package and no module that imports zod`, () => {
      const reached = [...valueImports(entry)];
      expect(reached.filter((path) => !path.endsWith('.ts'))).toEqual([]);
      for (const path of reached) expect(readFileSync(join(SOURCE, path), 'utf8'), path).not.toMatch(/from 'zod'/);
    });
  }

  it('the check sees zod where it is', () => {
    expect([...valueImports('config.ts')]).toContain('zod');
  });
});
