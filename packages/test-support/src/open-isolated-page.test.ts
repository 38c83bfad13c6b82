import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ENGINES, engineAvailable } from './engines.js';
import { openIsolatedPage } from './open-isolated-page.js';

const PAGE = `<!doctype html><title>isolated</title>
<button id="press" onclick="this.textContent = 'pressed'">press</button>
<script>globalThis.loads = (globalThis.loads ?? 0) + 1;</script>`;

/** Living processes (a zombie has exited; only its parent, maybe init, has yet to reap it). */
function processTable(): [pid: number, ppid: number][] {
  return execFileSync('ps', ['-e', '-o', 'pid=,ppid=,stat=,comm='], { encoding: 'utf8' })
    .trim()
    .split('\n')
    .map((line) => line.trim().split(/\s+/))
    .filter(([, , state, command]) => command !== 'ps' && !state?.startsWith('Z'))
    .map(([pid, ppid]) => [Number(pid), Number(ppid)]);
}

/** Process ids below this process (the browser, its driver, its display and their children). */
function descendants(): number[] {
  const table = processTable();
  const found: number[] = [];
  const queue = [process.pid];
  while (queue.length > 0) {
    const parent = queue.shift();
    for (const [pid, ppid] of table) {
      if (ppid === parent) {
        found.push(pid);
        queue.push(pid);
      }
    }
  }
  return found;
}

let root: string;
beforeAll(() => {
  root = mkdtempSync(join(tmpdir(), 'racelab-isolated-'));
  writeFileSync(join(root, 'index.html'), PAGE);
});
afterAll(() => rmSync(root, { recursive: true, force: true }));

describe.each(ENGINES)('openIsolatedPage in %s', (engine) => {
  it.skipIf(!engineAvailable(engine, `test-support (${engine})`))(
    'loads an isolated page, evaluates in it, reloads it fresh and stops every process on close',
    async () => {
      const page = await openIsolatedPage(engine, { root });
      const started = descendants();
      expect(started.length).toBeGreaterThan(0);
      try {
        expect(page.browserVersion).toMatch(/\d/);
        const features = await page.evaluate(
          (factor) => ({
            isolated: crossOriginIsolated,
            shared: typeof SharedArrayBuffer === 'function',
            doubled: factor * 2,
            loads: (globalThis as unknown as { loads: number }).loads,
          }),
          21,
        );
        expect(features).toEqual({ isolated: true, shared: true, doubled: 42, loads: 1 });
        // A promise is awaited in the page.
        expect(await page.evaluate(() => new Promise((resolve) => setTimeout(() => resolve('later'), 1)), null)).toBe(
          'later',
        );
        await page.evaluate(() => {
          (globalThis as unknown as { loads: number }).loads = 10;
        }, null);
        await page.reload();
        expect(await page.evaluate(() => (globalThis as unknown as { loads: number }).loads, null)).toBe(1);
        await page.click('#press');
        await page.waitFor(() => document.getElementById('press')?.textContent === 'pressed', null, 10_000);
      } finally {
        await page.close();
      }
      // None is left, not even one its parent left behind to be adopted by init.
      const alive = new Set(processTable().map(([pid]) => pid));
      expect(started.filter((pid) => alive.has(pid))).toEqual([]);
    },
  );

  it.skipIf(!engineAvailable(engine, `test-support (${engine})`))(
    'refuses a page without COOP/COEP in one line and stops what it started',
    async () => {
      const server = createServer((_request, response) => response.end(PAGE));
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
      const before = new Set(descendants());
      try {
        const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
        await expect(openIsolatedPage(engine, { url })).rejects.toThrow(
          `${engine}: ${url} is not cross-origin isolated`,
        );
        expect(descendants().filter((pid) => !before.has(pid))).toEqual([]);
      } finally {
        server.closeAllConnections();
        await new Promise((resolve) => server.close(resolve));
      }
    },
  );
});
