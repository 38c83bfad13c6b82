import { createClient } from '@libsql/client';
import type { RunStore } from '@racelab/store';
import { makeStoredRun } from '@racelab/store/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tempSqliteStore } from '../../test/support/test-app.js';
import { RunKeeper } from './run-keeper.js';

const file = await tempSqliteStore();
let store: RunStore;

beforeAll(async () => {
  store = await file.open();
  // A run the database itself refuses (as a constraint would), written by another program.
  const other = createClient({ url: `file:${file.path}` });
  await other.execute(
    "create trigger no_forbidden before insert on runs when new.host = 'forbidden' begin select raise(abort, 'no forbidden host'); end",
  );
  other.close();
});

afterAll(async () => {
  await file.remove();
});

describe('RunKeeper', () => {
  it('drops a run the store refuses with one log line, and writes the runs after it', async () => {
    const lines: string[] = [];
    const keeper = new RunKeeper(store, {
      bufferSize: 2,
      log: (line) => lines.push(line),
      retryMs: { first: 1, max: 1 },
    });
    const refused = keeper.save(makeStoredRun({ id: 'refused', host: 'forbidden' }));
    const next = keeper.save(makeStoredRun({ id: 'next', host: 'lab-1' }));
    const last = keeper.save(makeStoredRun({ id: 'last', host: 'lab-1' }));
    await Promise.all([refused, next, last]);
    expect(keeper.unavailable).toBe(false);
    expect(keeper.buffered).toBe(0);
    expect(keeper.full).toBe(false);
    expect(await store.get('refused')).toBeUndefined();
    expect((await store.get('next'))?.id).toBe('next');
    expect((await store.get('last'))?.id).toBe('last');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toContain('run refused was not saved');
    expect(lines[0]).toContain('no forbidden host');
    await keeper.close();
  });
});
