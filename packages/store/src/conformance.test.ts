import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { StoredRun } from '@racelab/schema';
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import { InvalidCursorError, InvalidRunError, RunExistsError } from './errors.js';
import { openRunStore } from './open.js';
import type { RunCriteria, RunStore } from './run-store.js';
import { createTestDatabase } from './testing/postgres-database.js';
import { postgresUrlForTests } from './testing/postgres-url.js';
import { makeStoredRun } from './testing/runs.js';

/**
 * The one behaviour every engine owes its callers, run against a real SQLite file, a real
 * PostgreSQL server (started by the global setup; skipped with a printed line where there is
 * none, failing under CI) and memory.
 */
const folder = await mkdtemp(join(tmpdir(), 'racelab-store-'));
afterAll(() => rm(folder, { recursive: true, force: true }));

let opened = 0;
const postgresUrl = postgresUrlForTests();
const engines: Array<[string, () => Promise<RunStore>]> = [
  ['memory', () => openRunStore('none', { memoryLimit: 10_000 })],
  ['sqlite', () => openRunStore(join(folder, `conformance-${++opened}.db`))],
];
if (postgresUrl) engines.push(['postgres', () => openFreshPostgres(postgresUrl)]);

/** One new database per test on the suite's server, dropped at the end. */
const drops: Array<() => Promise<void>> = [];
afterAll(async () => {
  for (const drop of drops) await drop();
});
async function openFreshPostgres(serverUrl: string): Promise<RunStore> {
  const database = await createTestDatabase(serverUrl, 'conformance');
  drops.push(database.drop);
  return openRunStore(database.url);
}

async function collect(iterable: AsyncIterable<StoredRun>): Promise<StoredRun[]> {
  const runs: StoredRun[] = [];
  for await (const run of iterable) runs.push(run);
  return runs;
}

async function listAll(store: RunStore, criteria: RunCriteria, limit: number): Promise<string[][]> {
  const pages: string[][] = [];
  let cursor: string | undefined;
  do {
    const page = await store.list(criteria, { limit, cursor });
    pages.push(page.runs.map((run) => run.id));
    cursor = page.nextCursor;
  } while (cursor);
  return pages;
}

const at = (minute: number) => new Date(Date.UTC(2026, 11, 1, 12, minute)).toISOString();

describe.each(engines)('RunStore on %s', (_engine, open) => {
  let store: RunStore;
  beforeEach(async () => {
    store = await open();
  });
  afterEach(async () => {
    await store.close();
  });

  it('saves a run and gets it back equal, and undefined for an unknown id', async () => {
    const run = makeStoredRun({ id: 'r1', host: 'lab-1', group: 'g1' });
    await store.save(run);
    expect(await store.get('r1')).toEqual(run);
    expect(await store.get('nope')).toBeUndefined();
  });

  it('updates a run saved again under the same id', async () => {
    await store.save(makeStoredRun({ id: 'r1', status: 'queued', host: 'lab-1' }));
    await store.save(makeStoredRun({ id: 'r1', status: 'running', host: 'lab-1' }));
    const done = makeStoredRun({ id: 'r1', status: 'completed', host: 'lab-1' });
    await store.save(done);
    expect(await store.get('r1')).toEqual(done);
    expect((await store.list({}, { limit: 10 })).runs).toEqual([done]);
    expect((await store.list({ status: 'queued' }, { limit: 10 })).runs).toEqual([]);
  });

  it('never changes an ended run again: a late save (a lost host waking) keeps the stored end', async () => {
    for (const ending of ['completed', 'failed', 'cancelled'] as const) {
      const id = `final-${ending}`;
      expect(await store.save(makeStoredRun({ id, status: 'queued', host: 'lab-3' }))).toBe(true);
      expect(await store.save(makeStoredRun({ id, status: 'running', host: 'lab-3' }))).toBe(true);
      const lost: StoredRun = {
        ...makeStoredRun({ id, status: 'running', host: 'lab-3' }),
        status: ending,
        endedAt: '2026-12-03T12:00:10.000Z',
        error: { code: 'host_lost', message: 'host lab-3 stopped answering for longer than its lease' },
      };
      if (ending === 'completed') delete lost.error;
      const stored = ending === 'completed' ? makeStoredRun({ id, status: 'completed', host: 'lab-3' }) : lost;
      expect(await store.save(stored)).toBe(true);
      const kept = await store.get(id);
      for (const late of [
        makeStoredRun({ id, status: 'completed', host: 'lab-3', runtime: 'bun' }),
        makeStoredRun({ id, status: 'running', host: 'lab-2' }),
        makeStoredRun({ id, status: 'queued' }),
      ]) {
        expect(await store.save(late)).toBe(false);
        expect(await store.get(id)).toEqual(kept);
      }
      await store.saveMany([makeStoredRun({ id, status: 'failed', host: 'lab-1' })]);
      expect(await store.get(id)).toEqual(kept);
      expect((await store.list({ host: 'lab-3', status: ending }, { limit: 10 })).runs.map((run) => run.id)).toEqual([
        id,
      ]);
    }
  });

  it('inserts a run once: another insert of its id, even a concurrent one, is run_exists and replaces nothing', async () => {
    const first = makeStoredRun({ id: 'once', status: 'completed', host: 'lab-1' });
    const second = makeStoredRun({ id: 'once', status: 'failed', host: 'lab-2' });
    const outcomes = await Promise.allSettled([store.insert(first), store.insert(second)]);
    expect(outcomes.filter((outcome) => outcome.status === 'fulfilled')).toHaveLength(1);
    const [rejected] = outcomes.filter((outcome) => outcome.status === 'rejected');
    expect(rejected?.reason).toBeInstanceOf(RunExistsError);
    expect(rejected?.reason).toMatchObject({ code: 'run_exists', status: 409 });
    const winner = outcomes[0]?.status === 'fulfilled' ? first : second;
    expect(await store.get('once')).toEqual(winner);
    await expect(store.insert(makeStoredRun({ id: 'once' }))).rejects.toMatchObject({ code: 'run_exists' });
    expect(await store.get('once')).toEqual(winner);
    await store.insert(makeStoredRun({ id: 'other' }));
    expect((await store.list({}, { limit: 10 })).runs.map((run) => run.id).sort()).toEqual(['once', 'other']);
  });

  it('saves many runs at once, replacing live runs by id, and writes none when one is invalid', async () => {
    const runs = Array.from({ length: 1_203 }, (_, index) =>
      makeStoredRun({ id: `m${index}`, createdAt: at(index % 60), strategy: index % 3 === 0 ? 'none' : 'mutex' }),
    );
    await store.saveMany(runs);
    await store.saveMany([
      makeStoredRun({ id: 'm5', status: 'running' }),
      makeStoredRun({ id: 'live', status: 'queued' }),
    ]);
    expect((await store.get('m5'))?.status).toBe('completed');
    await store.saveMany([
      makeStoredRun({ id: 'live', status: 'running' }),
      makeStoredRun({ id: 'live', status: 'failed' }),
      makeStoredRun({ id: 'live', status: 'cancelled' }),
    ]);
    expect((await store.get('live'))?.status).toBe('failed');
    expect(await collect(store.scan({ strategy: 'none' }))).toHaveLength(401);
    const broken = { ...makeStoredRun({ id: 'zz' }), verified: 'yes' } as unknown as StoredRun;
    await expect(store.saveMany([makeStoredRun({ id: 'fine' }), broken])).rejects.toBeInstanceOf(InvalidRunError);
    expect(await store.get('fine')).toBeUndefined();
  });

  it('refuses an invalid run with invalid_run naming the field, and keeps nothing', async () => {
    const run = makeStoredRun({ id: 'bad' });
    const broken = { ...run, config: { ...run.config, workers: 0 } };
    const error = await store.save(broken).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(InvalidRunError);
    expect(error).toMatchObject({ code: 'invalid_run', status: 400 });
    expect((error as Error).message).toContain('config.workers: must be an integer from 1 to 256');
    expect(await store.get('bad')).toBeUndefined();
  });

  it('lists newest first and filters by each field alone and together', async () => {
    const runs = [
      makeStoredRun({ id: 'a', createdAt: at(1), strategy: 'none', host: 'lab-1', source: 'cli', runtime: 'node' }),
      makeStoredRun({ id: 'b', createdAt: at(2), strategy: 'mutex', host: 'lab-2', source: 'api', runtime: 'bun' }),
      makeStoredRun({ id: 'c', createdAt: at(3), strategy: 'mutex', host: 'lab-1', source: 'browser', group: 'g' }),
      makeStoredRun({
        id: 'd',
        createdAt: at(4),
        strategy: 'atomic',
        status: 'failed',
        host: 'lab-1',
        runtime: 'deno',
      }),
      makeStoredRun({ id: 'e', createdAt: at(5), strategy: 'mutex', status: 'running', host: 'lab-1', group: 'g' }),
    ];
    for (const run of runs) await store.save(run);
    const ids = async (criteria: RunCriteria) => (await store.list(criteria, { limit: 100 })).runs.map((r) => r.id);
    expect(await ids({})).toEqual(['e', 'd', 'c', 'b', 'a']);
    expect(await ids({ strategy: 'mutex' })).toEqual(['e', 'c', 'b']);
    expect(await ids({ status: 'failed' })).toEqual(['d']);
    expect(await ids({ status: 'running' })).toEqual(['e']);
    expect(await ids({ runtime: 'bun' })).toEqual(['b']);
    expect(await ids({ runtime: 'deno' })).toEqual(['d']);
    expect(await ids({ host: 'lab-2' })).toEqual(['b']);
    expect(await ids({ source: 'browser' })).toEqual(['c']);
    expect(await ids({ group: 'g' })).toEqual(['e', 'c']);
    expect(await ids({ since: at(3) })).toEqual(['e', 'd', 'c']);
    expect(await ids({ until: at(3) })).toEqual(['b', 'a']);
    expect(await ids({ since: at(2), until: at(5) })).toEqual(['d', 'c', 'b']);
    expect(await ids({ strategy: 'mutex', host: 'lab-1', since: at(3) })).toEqual(['e', 'c']);
    expect(await ids({ strategy: 'mutex', host: 'lab-1', since: at(4) })).toEqual(['e']);
    expect(await ids({ strategy: 'none', host: 'lab-2' })).toEqual([]);
    // A filter value shaped like SQL is only a value.
    expect(await ids({ host: "lab-1' or '1'='1" })).toEqual([]);
  });

  it("finds a run without a host label by its result's machine name", async () => {
    const run = makeStoredRun({ id: 'cli-run', source: 'cli' });
    const result = { ...run.result!, environment: { ...run.result!.environment, host: 'adas-laptop' } };
    await store.save({ ...run, result });
    expect((await store.list({ host: 'adas-laptop' }, { limit: 5 })).runs.map((r) => r.id)).toEqual(['cli-run']);
    expect((await store.list({ host: 'lab-1' }, { limit: 5 })).runs).toEqual([]);
  });

  it('pages with keyset cursors, stable across equal creation times', async () => {
    // 23 runs, in groups sharing one timestamp, saved out of order.
    const ids: string[] = [];
    for (let i = 0; i < 23; i += 1) ids.push(`run-${String(i).padStart(2, '0')}`);
    for (const [index, id] of [...ids].reverse().entries()) {
      await store.save(makeStoredRun({ id, createdAt: at(Math.floor((22 - index) / 5)) }));
    }
    const pages = await listAll(store, {}, 5);
    expect(pages.map((page) => page.length)).toEqual([5, 5, 5, 5, 3]);
    const expected = [...ids].sort((a, b) => {
      const minute = (id: string) => Math.floor(Number(id.slice(4)) / 5);
      return minute(b) - minute(a) || (a < b ? 1 : -1);
    });
    expect(pages.flat()).toEqual(expected);
    // A last page exactly full has no next cursor.
    expect((await listAll(store, {}, 23)).length).toBe(1);
    // A page filtered by strategy pages as well.
    expect((await listAll(store, { strategy: 'mutex' }, 10)).flat()).toEqual(expected);
  });

  it('refuses a page size that is not a positive integer', async () => {
    for (const limit of [0, -1, 1.5, Number.NaN]) {
      await expect(store.list({}, { limit })).rejects.toThrow(RangeError);
    }
  });

  it('refuses a cursor it did not make', async () => {
    for (const cursor of ['nope!', 'bm9wZQ', "' or 1=1 --"]) {
      await expect(store.list({}, { limit: 5, cursor })).rejects.toBeInstanceOf(InvalidCursorError);
    }
  });

  it('scans every matching run across pages', async () => {
    for (let i = 0; i < 1_234; i += 1) {
      const strategy = i % 2 === 0 ? 'mutex' : 'none';
      await store.save(makeStoredRun({ id: `s${i}`, createdAt: at(i % 60), strategy, workers: 1 }));
    }
    const all = await collect(store.scan({}));
    expect(all).toHaveLength(1_234);
    expect(new Set(all.map((run) => run.id)).size).toBe(1_234);
    const none = await collect(store.scan({ strategy: 'none' }));
    expect(none).toHaveLength(617);
    expect(none.every((run) => run.config.strategy === 'none')).toBe(true);
  }, 120_000);

  it("marks only this host's queued and running runs interrupted", async () => {
    await store.save(makeStoredRun({ id: 'q', status: 'queued', host: 'lab-1' }));
    await store.save(makeStoredRun({ id: 'r', status: 'running', host: 'lab-1' }));
    await store.save(makeStoredRun({ id: 'done', status: 'completed', host: 'lab-1' }));
    await store.save(makeStoredRun({ id: 'other', status: 'running', host: 'lab-2' }));
    const now = new Date('2026-12-03T13:00:00.000Z');
    expect(await store.markInterrupted('lab-1', { now })).toBe(2);
    for (const id of ['q', 'r']) {
      const run = await store.get(id);
      expect(run).toMatchObject({ status: 'failed', endedAt: now.toISOString(), error: { code: 'interrupted' } });
    }
    expect((await store.get('done'))?.status).toBe('completed');
    expect((await store.get('other'))?.status).toBe('running');
    expect((await store.list({ status: 'failed' }, { limit: 10 })).runs.map((run) => run.id)).toEqual(['r', 'q']);
    expect(await store.markInterrupted('lab-1')).toBe(0);
  });

  it('prunes ended runs by count and by age, never live ones', async () => {
    for (let minute = 0; minute < 10; minute += 1) {
      await store.save(makeStoredRun({ id: `p${minute}`, createdAt: at(minute) }));
    }
    await store.save(makeStoredRun({ id: 'live', createdAt: at(0), status: 'running' }));
    expect(await store.prune({ keepRuns: 6 })).toBe(4);
    const ids = async () => (await store.list({}, { limit: 100 })).runs.map((run) => run.id);
    expect(await ids()).toEqual(['p9', 'p8', 'p7', 'p6', 'p5', 'p4', 'live']);
    expect(await store.prune({ keepRuns: 6 })).toBe(0);
    // Days, from a chosen now: minute 7 onwards is within 1 day of (minute 7 + 1 day).
    const now = new Date(Date.parse(at(7)) + 86_400_000);
    expect(await store.prune({ keepDays: 1, now })).toBe(3);
    expect(await ids()).toEqual(['p9', 'p8', 'p7', 'live']);
    await expect(store.prune({ keepRuns: -1 })).rejects.toThrow(RangeError);
    await expect(store.prune({ keepDays: Number.NaN })).rejects.toThrow('keepDays: must be a number from 0 up');
  });
});
