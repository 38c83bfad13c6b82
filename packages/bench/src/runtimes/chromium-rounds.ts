/**
 * Rounds in Chromium: runtime-page/ (the same `runRound`) bundled by Vite, served cross-origin
 * isolated on 127.0.0.1, driven by playwright-core. Each round loads a fresh page, as each
 * process round starts a fresh process.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { extname, join, normalize } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { RoundRequest, RoundResult } from './round.js';

const PAGE_ROOT = fileURLToPath(new URL('../../runtime-page', import.meta.url));
const TYPES: Record<string, string> = { '.html': 'text/html', '.js': 'text/javascript' };
const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--headless',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

export interface ChromiumRounds {
  round(request: RoundRequest): Promise<RoundResult>;
  close(): Promise<void>;
}

function serve(dir: string): Promise<Server> {
  const server = createServer((request, response) => {
    const path = normalize(new URL(request.url ?? '/', 'http://x').pathname).replace(/^\/+/, '') || 'index.html';
    const file = join(dir, path);
    if (!file.startsWith(dir) || !existsSync(file)) {
      response.writeHead(404).end();
      return;
    }
    response.writeHead(200, {
      'Content-Type': TYPES[extname(file)] ?? 'application/octet-stream',
      'Cross-Origin-Opener-Policy': 'same-origin',
      'Cross-Origin-Embedder-Policy': 'require-corp',
    });
    response.end(readFileSync(file));
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server)));
}

export async function openChromium(executablePath: string): Promise<ChromiumRounds> {
  // Loaded only when Chromium is there: the rest of the bench needs neither.
  const [{ build }, { chromium }] = await Promise.all([import('vite'), import('playwright-core')]);
  const outDir = mkdtempSync(join(tmpdir(), 'racelab-bench-page-'));
  await build({ root: PAGE_ROOT, logLevel: 'warn', configFile: false, build: { outDir, target: 'es2022' } });
  const server = await serve(outDir);
  const browser = await chromium.launch({ executablePath, args: CHROMIUM_ARGS });
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
  return {
    async round(request) {
      const page = await browser.newPage();
      try {
        await page.goto(url);
        await page.waitForFunction(() => 'runRound' in globalThis);
        return await page.evaluate(
          (input) => (globalThis as unknown as { runRound(r: RoundRequest): Promise<RoundResult> }).runRound(input),
          request,
        );
      } finally {
        await page.close();
      }
    },
    async close() {
      await browser.close();
      await new Promise((resolve) => server.close(resolve));
      rmSync(outDir, { recursive: true, force: true });
    },
  };
}
