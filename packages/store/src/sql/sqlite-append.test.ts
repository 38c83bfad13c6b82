import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { InvalidRunError, NotRacelabDatabaseError, RunExistsError } from '../errors.js';
import { openRunStore } from '../open.js';
import { makeStoredRun } from '../testing/runs.js';
import { migrate } from './migrate.js';
import { openSqlite } from './sqlite.js';
import { appendRuns } from './sqlite-append.js';

const folder = await mkdtemp(join(tmpdir(), 'racelab-append-'));
afterAll(() => rm(folder, { recursive: true, force: true }));
let files = 0;
const fresh = () => join(folder, `notebook-${++files}.db`);

async function current(): Promise<string> {
  const path = fresh();
  await (await openRunStore(path)).close();
  return path;
}

describe('appending runs to an SQLite notebook the quick way', () => {
  it('keeps new runs that the store then reads back, lists and filters as its own', async () => {
    const path = await current();
    const runs = [
      makeStoredRun({ id: 'quick-1', strategy: 'none', host: 'laptop', source: 'cli' }),
      makeStoredRun({ id: 'quick-2', strategy: 'mutex', host: 'laptop', source: 'cli', runtime: 'bun' }),
    ];
    expect(await appendRuns(path, runs)).toEqual({ location: path });
    const store = await openRunStore(path);
    try {
      expect(await store.get('quick-1')).toEqual(runs[0]);
      expect(await store.get('quick-2')).toEqual(runs[1]);
      const page = await store.list({ strategy: 'mutex', runtime: 'bun', host: 'laptop' }, { limit: 10 });
      expect(page.runs.map((run) => run.id)).toEqual(['quick-2']);
      // The store's own insert and this one agree: a run kept one way is "already kept" the other.
      await expect(store.insert(runs[0] as (typeof runs)[0])).rejects.toBeInstanceOf(RunExistsError);
    } finally {
      await store.close();
    }
  });

  it('refuses an id already kept (run_exists) and keeps nothing of that batch', async () => {
    const path = await current();
    await appendRuns(path, [makeStoredRun({ id: 'taken' })]);
    const error = await appendRuns(path, [makeStoredRun({ id: 'new-one' }), makeStoredRun({ id: 'taken' })]).catch(
      (caught: unknown) => caught,
    );
    expect(error).toBeInstanceOf(RunExistsError);
    const store = await openRunStore(path);
    try {
      expect(await store.get('new-one')).toBeUndefined();
    } finally {
      await store.close();
    }
  });

  it('leaves to the full store what only it may do: create, migrate, refuse, or another engine', async () => {
    const missing = fresh();
    expect(await appendRuns(missing, [makeStoredRun({ id: 'a' })])).toBe(false);
    const older = fresh();
    const database = await openSqlite(older);
    await migrate(database, { target: '0001-runs' });
    await database.destroy();
    expect(await appendRuns(older, [makeStoredRun({ id: 'b' })])).toBe(false);
    expect(await appendRuns('none', [makeStoredRun({ id: 'c' })])).toBe(false);
    expect(await appendRuns('postgres://racelab@127.0.0.1:1/racelab', [makeStoredRun({ id: 'd' })])).toBe(false);
  });

  it('refuses a file that is not SQLite, untouched, and a run that is not valid, before opening anything', async () => {
    const notes = fresh();
    await writeFile(notes, 'my notes\n');
    await expect(appendRuns(notes, [makeStoredRun({ id: 'e' })])).rejects.toBeInstanceOf(NotRacelabDatabaseError);
    expect(await readFile(notes, 'utf8')).toBe('my notes\n');
    const path = await current();
    const invalid = { ...makeStoredRun({ id: 'f' }), status: 'exploded' } as unknown as ReturnType<
      typeof makeStoredRun
    >;
    await expect(appendRuns(path, [invalid])).rejects.toBeInstanceOf(InvalidRunError);
  });
});
