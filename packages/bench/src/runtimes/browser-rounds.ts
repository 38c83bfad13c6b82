/**
 * Rounds in browsers: runtime-page/ (the same `runRound`) bundled by Vite once, then opened
 * cross-origin isolated on 127.0.0.1 in each engine by @racelab/test-support. Each round loads the
 * page afresh, as each process round starts a fresh process.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Engine, IsolatedPage } from '@racelab/test-support';
import type { RoundRequest, RoundResult } from './round.js';

const PAGE_ROOT = fileURLToPath(new URL('../../runtime-page', import.meta.url));
/** A round at 10 × 1,000,000 takes seconds; the deadline only keeps a stuck page from hanging the bench. */
const ROUND_DEADLINE_MS = 300_000;

export interface BrowserRounds {
  round(request: RoundRequest): Promise<RoundResult>;
  close(): Promise<void>;
}

/** The runtime page, built once for every engine; `remove` deletes the build. */
export async function buildRuntimePage(): Promise<{ root: string; remove(): void }> {
  // Loaded only when a browser is there: the rest of the bench needs neither.
  const { build } = await import('vite');
  const root = mkdtempSync(join(tmpdir(), 'racelab-bench-page-'));
  await build({ root: PAGE_ROOT, logLevel: 'warn', configFile: false, build: { outDir: root, target: 'es2022' } });
  return { root, remove: () => rmSync(root, { recursive: true, force: true }) };
}

export async function openBrowserRounds(engine: Engine, root: string): Promise<BrowserRounds> {
  const { openIsolatedPage } = await import('@racelab/test-support');
  const page: IsolatedPage = await openIsolatedPage(engine, { root });
  // The browser as its driver names it (`firefox/153.8.0`): user agents disguise it (WebKitGTK's
  // MiniBrowser calls itself Safari 60.5).
  const [name = engine, version = ''] = page.browserVersion.split('/');
  let fresh = true;
  return {
    async round(request) {
      if (!fresh) await page.reload();
      fresh = false;
      await page.waitFor(() => 'runRound' in globalThis, null, ROUND_DEADLINE_MS);
      const result = await page.evaluate(
        (input) => (globalThis as unknown as { runRound(r: RoundRequest): Promise<RoundResult> }).runRound(input),
        request,
      );
      return { ...result, runtime: { name, version } };
    },
    close: () => page.close(),
  };
}
