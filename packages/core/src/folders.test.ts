/**
 * The folders of src/ are the core's parts: each folder's index.ts is its only way in from the rest
 * of the core (entry points and tests included), no two folders depend on each other, and only the
 * `worker_threads` adapter and its worker entry import a `node:` module (the rest runs anywhere).
 */
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const srcDir = dirname(fileURLToPath(import.meta.url));
/** What the package's `#threads` import resolves to (package.json `imports`). */
const THREADS_ADAPTER = 'threads/node-threads.ts';
const NODE_MODULE_USERS = ['threads/node-threads.ts', 'threads/node-worker.ts'];

interface ImportEdge {
  from: string;
  specifier: string;
  /** The imported file, relative to src/, for a relative or `#threads` import. */
  target: string | undefined;
}

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(path);
    return /\.tsx?$/.test(entry.name) ? [relative(srcDir, path).split(sep).join('/')] : [];
  });
}

/** Static imports and re-exports, side-effect imports and dynamic `import('…')` with a literal. */
function importSpecifiers(source: string): string[] {
  const patterns = [
    /\b(?:import|export)\s[^'"`;]*?\bfrom\s*['"]([^'"]+)['"]/g,
    /\bimport\s*['"]([^'"]+)['"]/g,
    /\bimport\(\s*['"]([^'"]+)['"]\s*\)/g,
  ];
  return patterns.flatMap((pattern) => [...source.matchAll(pattern)].map((match) => match[1] as string));
}

function importsOf(file: string): ImportEdge[] {
  const source = readFileSync(join(srcDir, file), 'utf8');
  return importSpecifiers(source).map((specifier) => {
    if (specifier === '#threads') return { from: file, specifier, target: THREADS_ADAPTER };
    if (!specifier.startsWith('.')) return { from: file, specifier, target: undefined };
    const path = relative(srcDir, resolve(srcDir, dirname(file), specifier))
      .split(sep)
      .join('/');
    return { from: file, specifier, target: path.replace(/\.js$/, '.ts') };
  });
}

/** `lock` for `lock/mutex.ts`; undefined for a file directly in src/ (an entry point). */
function folderOf(file: string): string | undefined {
  const slash = file.indexOf('/');
  return slash === -1 ? undefined : file.slice(0, slash);
}

const isTest = (file: string) => /\.test\.tsx?$/.test(file);
// This file's own examples of import lines are not imports.
const files = sourceFiles(srcDir).filter((file) => file !== 'folders.test.ts');
const edges = files.flatMap(importsOf);

describe('the folders of src/', () => {
  it('finds the parts and their imports', () => {
    expect(files).toContain('lock/mutex.ts');
    expect(edges.some((edge) => edge.from === 'index.ts' && edge.target === 'experiment/index.ts')).toBe(true);
  });

  it('reads every kind of import', () => {
    const source = [
      "import { a } from './a.js';",
      "import type { B } from '../b/index.js';",
      "export { c } from './c.js';",
      "export * from './d.js';",
      "import './e.js';",
      "const f = await import('./f.js');",
      'import {\n  g,\n  type H,\n} from "./g.js";',
    ].join('\n');
    expect(importSpecifiers(source).sort()).toEqual(
      ['../b/index.js', './a.js', './c.js', './d.js', './e.js', './f.js', './g.js'].sort(),
    );
  });

  it('enter another folder only through its index.ts (code, entry points and tests alike)', () => {
    const deep = edges
      .filter(({ from, target, specifier }) => {
        if (target === undefined || specifier === '#threads') return false;
        const to = folderOf(target);
        return to !== undefined && to !== folderOf(from) && target !== `${to}/index.ts`;
      })
      .map(({ from, specifier }) => `${from} imports ${specifier}`);
    expect(deep).toEqual([]);
  });

  it('do not depend on each other in a circle (tests aside)', () => {
    const graph = new Map<string, Set<string>>();
    for (const { from, target } of edges) {
      const [a, b] = [folderOf(from), target === undefined ? undefined : folderOf(target)];
      if (isTest(from) || a === undefined || b === undefined || a === b) continue;
      graph.set(a, (graph.get(a) ?? new Set()).add(b));
    }
    const cycles = new Set<string>();
    const visit = (folder: string, path: string[]) => {
      if (path.includes(folder)) {
        const cycle = path.slice(path.indexOf(folder));
        const first = cycle.indexOf([...cycle].sort()[0] as string);
        cycles.add([...cycle.slice(first), ...cycle.slice(0, first), cycle[first]].join(' → '));
        return;
      }
      for (const next of graph.get(folder) ?? []) visit(next, [...path, folder]);
    };
    for (const folder of graph.keys()) visit(folder, []);
    expect([...cycles]).toEqual([]);
  });

  it('keep node: imports to the worker_threads adapter and its worker entry', () => {
    const nodeImports = edges
      .filter(({ from, specifier }) => specifier.startsWith('node:') && !isTest(from))
      .map(({ from }) => from);
    expect([...new Set(nodeImports)].sort()).toEqual(NODE_MODULE_USERS);
  });
});
