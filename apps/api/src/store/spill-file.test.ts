import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { makeStoredRun } from '@racelab/store/testing';
import { afterAll, describe, expect, it } from 'vitest';
import { tempSqliteStore } from '../../test/support/test-app.js';
import { replaySpill, spillPath, spillRuns } from './spill-file.js';

const file = await tempSqliteStore();
const folder = mkdtempSync(join(tmpdir(), 'racelab-spill-test-'));
afterAll(async () => {
  await file.remove();
  rmSync(folder, { recursive: true, force: true });
});

describe('the spill file', () => {
  it('lives beside an SQLite notebook, per host in the data folder for PostgreSQL, nowhere for memory', () => {
    expect(spillPath({ engine: 'sqlite', path: '/data/racelab.db' }, 'lab-1')).toBe('/data/racelab.db.unsaved.ndjson');
    const env = { XDG_DATA_HOME: '/xdg' };
    const postgres = { engine: 'postgres', url: 'postgres://x@h/db', display: 'postgres://x@h/db' } as const;
    expect(spillPath(postgres, 'lab/1 ü', env)).toBe('/xdg/racelab/unsaved-runs-lab_1__.ndjson');
    expect(spillPath({ engine: 'memory' }, 'lab-1')).toBeUndefined();
  });

  it('writes back the ended runs, drops what is no ended run, and removes the file', async () => {
    const path = join(folder, 'replay.ndjson');
    await spillRuns(path, [
      makeStoredRun({ id: 'spilled-done' }),
      makeStoredRun({ id: 'spilled-live', status: 'running' }),
    ]);
    writeFileSync(path, `${readFileSync(path, 'utf8')}{not json\n\n`, { flag: 'w' });
    const said: string[] = [];
    const store = await file.open();
    try {
      expect(await replaySpill(path, store, (line) => void said.push(line))).toEqual({
        written: 1,
        dropped: 2,
        kept: 0,
      });
      expect(await store.get('spilled-done')).toMatchObject({ id: 'spilled-done', status: 'completed' });
      expect(await store.get('spilled-live')).toBeUndefined();
    } finally {
      await store.close();
    }
    expect(existsSync(path)).toBe(false);
    expect(said).toEqual([
      `run store: wrote 1 runs kept from the last shutdown (${path}); 2 entries were not ended runs and were dropped`,
    ]);
  });

  it('a missing file is nothing to do, silently', async () => {
    const store = await file.open();
    const said: string[] = [];
    try {
      expect(await replaySpill(join(folder, 'absent.ndjson'), store, (line) => void said.push(line))).toEqual({
        written: 0,
        dropped: 0,
        kept: 0,
      });
    } finally {
      await store.close();
    }
    expect(said).toEqual([]);
  });
});
