import { describe, expect, it } from 'vitest';
import { openRunStore } from '../open.js';
import { makeStoredRun } from '../testing/runs.js';
import { MemoryRunStore } from './memory-store.js';

describe('memory store (--database none)', () => {
  it('keeps at most memoryLimit ended runs, dropping the oldest saved, and every live run', async () => {
    const store = await openRunStore('none', { memoryLimit: 3 });
    expect(store).toBeInstanceOf(MemoryRunStore);
    await store.save(makeStoredRun({ id: 'live', status: 'running' }));
    for (const id of ['a', 'b', 'c', 'd', 'e']) await store.save(makeStoredRun({ id }));
    const ids = (await store.list({}, { limit: 100 })).runs.map((run) => run.id).sort();
    expect(ids).toEqual(['c', 'd', 'e', 'live']);
  });

  it('hands out copies: changing a run read back changes nothing stored', async () => {
    const store = new MemoryRunStore();
    await store.save(makeStoredRun({ id: 'a', host: 'lab-1' }));
    const run = await store.get('a');
    run!.host = 'changed';
    expect((await store.get('a'))?.host).toBe('lab-1');
  });
});
