/**
 * `kill -9` of the real API (the built CLI, a child process) during back-to-back runs: after a
 * restart on the same SQLite file, every run a client saw end is there with its result, the file is
 * intact, every stored run parses, and what it was running or had queued is `failed` (`interrupted`).
 * The count here is bounded for CI; the README gives the 1,000-run figures measured by hand
 * (RACELAB_CRASH_RUNS=1000 runs this same test at that size).
 */
import { createClient } from '@libsql/client';
import { ExperimentResultSchema, StoredRunSchema } from '@racelab/schema';
import { openRunStore } from '@racelab/store';
import { afterAll, describe, expect, it } from 'vitest';
import { type CliProcess, startCli } from '../../test/support/cli-process.js';
import { LONG_RUN, LONG_RUN_LIMITS, tempSqliteStore, waitUntil } from '../../test/support/test-app.js';
import { RunSchema } from '../api-schemas.js';

const RUNS = Number(process.env.RACELAB_CRASH_RUNS || 200);
const CLIENTS = 2;
const TINY = { strategy: 'none', workers: 2, iterations: 500 } as const;
const file = await tempSqliteStore();
const args = [
  '--database',
  file.path,
  '--host-name',
  'crash-host',
  '--quiet',
  '--max-increments',
  String(LONG_RUN_LIMITS.maxTotalIncrements),
];
let api: CliProcess | undefined;

afterAll(async () => {
  api?.child.kill('SIGKILL');
  await file.remove();
});

async function post(url: string, path: string, body: unknown): Promise<Response> {
  return fetch(`${url}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
}

/** Clients submitting tiny runs back to back, each waiting for its end; `seen` holds what they saw end. */
function backToBack(url: string, seen: Map<string, unknown>) {
  const killed = new AbortController();
  const clients = Array.from({ length: CLIENTS }, async () => {
    while (!killed.signal.aborted) {
      try {
        const response = await fetch(`${url}/runs?wait=true`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify(TINY),
          signal: killed.signal,
        });
        const run = RunSchema.parse(await response.json());
        seen.set(run.id, run.result);
      } catch {
        return; // the server died under this request: it never saw it end
      }
    }
  });
  return {
    async stop() {
      killed.abort();
      await Promise.all(clients);
    },
  };
}

async function kill9(cli: CliProcess): Promise<void> {
  const exited = new Promise((resolve) => cli.child.once('exit', resolve));
  cli.child.kill('SIGKILL');
  await exited;
}

async function expectSeenRuns(url: string, seen: Map<string, unknown>): Promise<void> {
  for (const [id, result] of seen) {
    const response = await fetch(`${url}/runs/${id}`);
    expect(response.status, id).toBe(200);
    expect(RunSchema.parse(await response.json()).result, id).toEqual(result);
  }
}

describe('kill -9 during back-to-back runs', () => {
  it(`loses no run a client saw end (${RUNS} runs), leaves the file intact, and marks the rest interrupted`, async () => {
    api = await startCli(args);
    const { url } = api;
    const seen = new Map<string, unknown>();
    const load = backToBack(url, seen);
    await waitUntil(() => seen.size >= RUNS, 600_000);
    // Now make sure something is running and something queued when the server dies.
    const running = RunSchema.parse(await (await post(url, '/runs', LONG_RUN)).json());
    const queued = RunSchema.parse(await (await post(url, '/runs', TINY)).json());
    // The clients' next runs now wait behind the long one: queued too, never seen to end.
    let state = '';
    while (state !== 'running') {
      state = RunSchema.parse(await (await fetch(`${url}/runs/${running.id}`)).json()).status;
    }
    await kill9(api);
    await load.stop();
    const seenAtKill = new Map(seen);

    const restarted = await startCli(args);
    api = restarted;
    await waitUntil(() => /marked failed \(interrupted\)/.test(restarted.stderr()));
    await expectSeenRuns(restarted.url, seenAtKill);
    for (const id of [running.id, queued.id]) {
      const run = RunSchema.parse(await (await fetch(`${restarted.url}/runs/${id}`)).json());
      expect(run).toMatchObject({ status: 'failed', error: { code: 'interrupted' } });
    }

    // Again, killed at whatever moment of the stream of runs (a write may be under way), not at a gate.
    const more = backToBack(restarted.url, seen);
    await waitUntil(() => seen.size >= seenAtKill.size + 50, 600_000);
    await kill9(restarted);
    await more.stop();
    const last = await startCli(args);
    api = last;
    await expectSeenRuns(last.url, seen);
    const exitedAgain = new Promise((resolve) => last.child.once('exit', resolve));
    last.child.kill('SIGTERM');
    await exitedAgain;

    const client = createClient({ url: `file:${file.path}` });
    try {
      const check = await client.execute('pragma integrity_check');
      expect(check.rows.map((row) => row[0])).toEqual(['ok']);
    } finally {
      client.close();
    }
    const store = await openRunStore(file.path);
    try {
      let count = 0;
      for await (const run of store.scan({})) {
        count += 1;
        StoredRunSchema.parse(run);
        expect(run.status === 'queued' || run.status === 'running', run.id).toBe(false);
        if (run.result) ExperimentResultSchema.parse(run.result);
        else expect(run.error?.code, run.id).toBe('interrupted');
      }
      expect(count).toBeGreaterThanOrEqual(seen.size + 2);
      console.log(
        `crash test: ${seenAtKill.size} + ${seen.size - seenAtKill.size} runs seen ending before two kill -9s, ${count} stored, all intact`,
      );
    } finally {
      await store.close();
    }
  });
});
