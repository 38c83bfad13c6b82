import { readdir, readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, extname, join, relative, sep } from 'node:path';

/** One built file of the page, held in memory: the whole page is a few hundred kilobytes. */
export interface WebFile {
  body: Uint8Array<ArrayBuffer>;
  contentType: string;
}

const CONTENT_TYPES: Partial<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.json': 'application/json',
  '.map': 'application/json',
  '.png': 'image/png',
  '.woff2': 'font/woff2',
  '.wasm': 'application/wasm',
};

/** Where `@racelab/web` put its build: the API serves exactly those files. */
export function defaultWebRoot(): string {
  const manifest = createRequire(import.meta.url).resolve('@racelab/web/package.json');
  return join(dirname(manifest), 'dist');
}

/**
 * Reads every file under `root`, keyed by its URL path without the leading slash
 * (`index.html`, `assets/index-1a2b3c.js`). A request can only ever name a key of this map, so no
 * path a client sends reaches the file system. Resolves to an empty map when the page is not built.
 */
export async function loadWebFiles(root: string): Promise<Map<string, WebFile>> {
  const files = new Map<string, WebFile>();
  let entries: string[];
  try {
    entries = await readdir(root, { recursive: true });
  } catch {
    return files;
  }
  for (const entry of entries) {
    const path = join(root, entry);
    const body = await readFile(path).catch(() => undefined);
    if (!body) continue; // a directory
    const key = relative(root, path).split(sep).join('/');
    files.set(key, {
      body: new Uint8Array(body),
      contentType: CONTENT_TYPES[extname(key)] ?? 'application/octet-stream',
    });
  }
  return files;
}
