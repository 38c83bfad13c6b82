// The store on whichever runtime runs this file (Node, Bun, Deno), from the build:
//   node|bun scripts/runtime-smoke.mjs [postgres://…]      deno run -A scripts/runtime-smoke.mjs [postgres://…]
// Opens a new SQLite notebook in a temporary folder (and the PostgreSQL database, if given), saves,
// reads back, pages and scans, and prints one line per engine. Exits 1 on any difference.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import { openRunStore } from '@racelab/store';
import { makeStoredRun } from '@racelab/store/testing';

const runtime = globalThis.Deno
  ? `deno ${Deno.version.deno}`
  : globalThis.Bun
    ? `bun ${Bun.version}`
    : `node ${process.version}`;
const folder = mkdtempSync(join(tmpdir(), 'racelab-store-smoke-'));
const locations = [join(folder, 'nested', 'racelab.db'), ...process.argv.slice(2)];
let failed = false;
try {
  for (const location of locations) {
    const store = await openRunStore(location);
    const prefix = `smoke-${Date.now()}-`;
    const runs = Array.from({ length: 120 }, (_, index) =>
      makeStoredRun({
        id: `${prefix}${index}`,
        createdAt: new Date(Date.UTC(2026, 11, 3, 12, 0, index)).toISOString(),
        host: 'smoke',
      }),
    );
    const started = performance.now();
    for (const run of runs.slice(0, 20)) await store.save(run);
    await store.saveMany(runs.slice(20));
    const insertMs = (performance.now() - started) / runs.length;
    const back = await store.get(`${prefix}7`);
    const page = await store.list({ host: 'smoke' }, { limit: 50 });
    const next = await store.list({ host: 'smoke' }, { limit: 50, cursor: page.nextCursor });
    let scanned = 0;
    for await (const run of store.scan({ host: 'smoke' })) if (run.id.startsWith(prefix)) scanned += 1;
    await store.prune({ keepRuns: 0 });
    await store.close();
    const ok =
      isDeepStrictEqual(back, runs[7]) &&
      page.runs[0]?.id === `${prefix}119` &&
      next.runs[0]?.id === `${prefix}69` &&
      scanned === runs.length;
    failed ||= !ok;
    console.log(
      `${ok ? 'ok  ' : 'FAIL'} ${runtime}: ${store.engine} ${store.location}: ${runs.length} runs saved (${insertMs.toFixed(2)} ms each), read, paged, scanned`,
    );
  }
} finally {
  rmSync(folder, { recursive: true, force: true });
}
process.exit(failed ? 1 : 0);
