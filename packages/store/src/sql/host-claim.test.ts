import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { HostNameTakenError } from '../lab/hosts.js';
import { openRunStore } from '../open.js';
import type { RunStore } from '../run-store.js';
import { createTestDatabase } from '../testing/postgres-database.js';
import { postgresUrlForTests } from '../testing/postgres-url.js';

const folder = mkdtempSync(join(tmpdir(), 'racelab-host-claim-'));
const serverUrl = postgresUrlForTests();
const cleanups: Array<() => Promise<void>> = [];
afterAll(async () => {
  for (const cleanup of cleanups) await cleanup();
  rmSync(folder, { recursive: true, force: true });
});

const identity = { name: 'bench-1', cpus: 2, cpuModel: 'Test CPU', runtime: 'node v20', version: '0.1.0' };
/** The processes these tests pretend run: a holder is live while its instance is in here. */
const running = new Set<string>();
const claim = (instance: string) => ({ identity, instance, isLive: (other: string) => running.has(other) });

const engines: Array<[string, () => Promise<string>]> = [
  ['SQLite', async () => join(folder, `notebook-${cleanups.length}-${Math.random()}.db`)],
];
if (serverUrl) {
  engines.push([
    'PostgreSQL',
    async () => {
      const database = await createTestDatabase(serverUrl, 'claim');
      cleanups.push(database.drop);
      return database.url;
    },
  ]);
}

describe.each(engines)('a host name in a %s notebook', (_engine, location) => {
  async function open(): Promise<RunStore> {
    const store = await openRunStore(await location());
    cleanups.push(() => store.close());
    return store;
  }

  it('is refused to a second process while the first, provably live, holds it', async () => {
    const store = await open();
    running.add('machine/100/a');
    await store.claimHostName(claim('machine/100/a'));
    const refused = await store.claimHostName(claim('machine/200/b')).catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(HostNameTakenError);
    expect(refused).toMatchObject({ code: 'host_name_taken', hostName: 'bench-1' });
    expect((refused as Error).message).toMatch(/taken by another racelab-api serving .+ \(pid 100 on this machine\)/);
    // The holder itself may claim again (a retry).
    await store.claimHostName(claim('machine/100/a'));
    running.delete('machine/100/a');
  });

  it('is taken over from a holder that is not running (a crash, a reboot), and freed on release', async () => {
    const store = await open();
    await store.claimHostName(claim('machine/300/c'));
    // 300 never ran in this test: as after a kill -9.
    await store.claimHostName(claim('machine/400/d'));
    running.add('machine/400/d');
    await store.releaseHostName('bench-1', 'machine/400/d');
    // Released: free even though 400 still runs.
    await store.claimHostName(claim('machine/500/e'));
    // A release by a process that no longer holds the name changes nothing.
    running.add('machine/500/e');
    await store.releaseHostName('bench-1', 'machine/400/d');
    await expect(store.claimHostName(claim('machine/600/f'))).rejects.toBeInstanceOf(HostNameTakenError);
    running.delete('machine/400/d');
    running.delete('machine/500/e');
  });

  it('other names are free', async () => {
    const store = await open();
    running.add('machine/700/g');
    await store.claimHostName(claim('machine/700/g'));
    await store.claimHostName({ ...claim('machine/800/h'), identity: { ...identity, name: 'bench-2' } });
    running.delete('machine/700/g');
  });
});

describe('a host name in a memory store', () => {
  it('is always granted: nobody else sees the store', async () => {
    const store = await openRunStore('none');
    running.add('machine/900/i');
    await store.claimHostName(claim('machine/900/i'));
    await store.claimHostName(claim('machine/901/j'));
    running.delete('machine/900/i');
  });
});
