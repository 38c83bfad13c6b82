import { afterAll, describe, expect, it } from 'vitest';
import { openRunStore } from '../open.js';
import { createTestDatabase } from '../testing/postgres-database.js';
import { postgresUrlForTests } from '../testing/postgres-url.js';
import { makeStoredRun } from '../testing/runs.js';
import { HostNameTakenError } from './hosts.js';
import { LabDatabase } from './lab-database.js';

const serverUrl = postgresUrlForTests();
const cleanups: Array<() => Promise<void>> = [];
afterAll(async () => {
  for (const cleanup of cleanups.reverse()) await cleanup();
});

const identity = (name: string) => ({ name, cpus: 2, cpuModel: 'test cpu', runtime: 'node v20', version: '0.1.0' });

/** A migrated database (the store runs the migrations) and the lab's view of it. */
async function labDatabase(): Promise<{ lab: LabDatabase; store: Awaited<ReturnType<typeof openRunStore>> }> {
  const database = await createTestDatabase(serverUrl!, 'lab');
  cleanups.push(database.drop);
  const store = await openRunStore(database.url);
  const lab = new LabDatabase(database.url, 'test');
  cleanups.push(
    () => store.close(),
    () => lab.close(),
  );
  return { lab, store };
}

describe.skipIf(!serverUrl)('LabDatabase on PostgreSQL', () => {
  it('gives a host name to one live instance; another takes it once the first is gone or its lease ran out', async () => {
    const { lab } = await labDatabase();
    const start = 1_000_000;
    await lab.register(identity('lab-1'), 'instance-a', 10_000, () => false, start);
    await expect(lab.register(identity('lab-1'), 'instance-b', 10_000, () => false, start + 5_000)).rejects.toThrow(
      HostNameTakenError,
    );
    // The same machine can tell the holder is a dead process: it takes over at once.
    await expect(lab.register(identity('lab-1'), 'instance-b', 10_000, () => true, start + 5_000)).resolves.toBe(
      undefined,
    );
    // A third after instance-b's lease ran out, without proof of death.
    await expect(lab.register(identity('lab-1'), 'instance-c', 10_000, () => false, start + 16_000)).resolves.toBe(
      undefined,
    );
    expect(await lab.heartbeat('lab-1', 'instance-b')).toBe(false);
    expect(await lab.heartbeat('lab-1', 'instance-c')).toBe(true);
  });

  it('claims a queued run once; a second claim (a redelivered job) gets nothing', async () => {
    const { lab, store } = await labDatabase();
    await store.save(makeStoredRun({ id: 'queued-run', status: 'queued' }));
    const claimed = await lab.claim('queued-run', 'lab-2');
    expect(claimed).toMatchObject({ id: 'queued-run', status: 'running', host: 'lab-2' });
    expect(await lab.claim('queued-run', 'lab-3')).toBeUndefined();
    expect(await lab.claim('queued-run', 'lab-3', { retry: true })).toBeUndefined();
    // The claimer retrying after a lost reply gets its own claim back.
    expect(await lab.claim('queued-run', 'lab-2', { retry: true })).toMatchObject({ status: 'running' });
    expect(await store.get('queued-run')).toMatchObject({ status: 'running', host: 'lab-2' });
  });

  it('marks hosts silent past their lease lost once, handing over what they held', async () => {
    const { lab, store } = await labDatabase();
    await lab.register(identity('lab-1'), 'a', 1_000, () => false, 0);
    await lab.register(identity('lab-2'), 'b', 60_000, () => false, 0);
    await store.save(makeStoredRun({ id: 'held', status: 'running', host: 'lab-1' }));
    await lab.setRunning('lab-1', 'a', { run: 'held', workerId: 'worker-1', jobId: '7' }, 0);
    const lost = await lab.takeLostHosts(5_000);
    expect(lost).toEqual([{ name: 'lab-1', runningRun: 'held', workerId: 'worker-1', jobId: '7' }]);
    expect(await lab.takeLostHosts(5_000)).toEqual([]);
    expect(await lab.endRun('held', ['running'], 'failed', { code: 'host_lost', message: 'gone' })).toBe(true);
    expect(await lab.endRun('held', ['running'], 'failed', { code: 'host_lost', message: 'again' })).toBe(false);
    expect(await store.get('held')).toMatchObject({ status: 'failed', error: { code: 'host_lost', message: 'gone' } });
    const hosts = await lab.listHosts(5_000);
    expect(hosts.map((host) => [host.name, host.state])).toEqual([
      ['lab-1', 'lost'],
      ['lab-2', 'idle'],
    ]);
    expect(await lab.lostHostNames(5_000)).toEqual(['lab-1']);
  });
});
