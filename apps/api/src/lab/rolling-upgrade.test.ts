/**
 * Upgrading a lab one host at a time, with real `racelab-api` hosts on a real PostgreSQL: a database
 * a newer racelab migrated additively keeps serving this one; one it made unreadable to this one is
 * refused at start, exit 2, in one line naming the versions.
 */
import { SCHEMA_VERSION } from '@racelab/store';
import { postgresStatement } from '@racelab/store/testing';
import { afterAll, describe, expect, it } from 'vitest';
import { call, LabHarness } from '../../test/support/lab-harness.js';

const ready = await LabHarness.start().catch(() => undefined);
if (!ready) {
  const message = 'no PostgreSQL found (initdb): the rolling upgrade suite needs one';
  if (process.env.CI === 'true') throw new Error(message);
  console.log(`rolling upgrade suite skipped: ${message}; apt-get install postgresql to run it`);
}
afterAll(() => ready?.close(), 30_000);

const NEXT = SCHEMA_VERSION + 1;
const FUTURE = `${String(NEXT).padStart(4, '0')}-from-the-future`;

const query = (text: string) => postgresStatement(ready?.databaseUrl ?? '', text);

describe.skipIf(!ready)('upgrading a lab one host at a time', () => {
  it('a host keeps serving a database a newer host migrated additively, and records its schema version', async () => {
    const lab = ready as LabHarness;
    // The first start migrates a new database; then "a newer host" adds what its migration adds.
    await lab.startHost({ name: 'lab-1', address: '127.0.0.1' });
    await lab.stopHost('lab-1');
    await query(`insert into racelab_migration (name, timestamp) values ('${FUTURE}', '2030-01-01')`);
    await query('alter table runs add column future_note text');
    await query('alter table hosts add column future_flag boolean');

    const host = await lab.startHost({ name: 'lab-1', address: '127.0.0.1', extraArgs: ['--quiet'] });
    const { status, body } = await call<{ status: string; host: string }>(`${host.url}/runs?wait=true`, {
      method: 'POST',
      body: { strategy: 'mutex', workers: 2, iterations: 1_000 },
    });
    expect(status).toBe(200);
    expect(body).toMatchObject({ status: 'completed', host: 'lab-1' });
    const hosts = await call<{ hosts: Array<{ name: string; state: string }> }>(`${host.url}/hosts`);
    expect(hosts.body.hosts).toEqual([
      expect.objectContaining({ name: 'lab-1', state: 'idle', schemaVersion: SCHEMA_VERSION }),
    ]);
    expect(await query("select schema_version from hosts where name = 'lab-1'")).toEqual([
      { schema_version: SCHEMA_VERSION },
    ]);
    // It ran no migration and left the newer one's in place.
    const applied = await query('select name from racelab_migration order by name');
    expect(applied.at(-1)).toEqual({ name: FUTURE });
    await lab.stopHost('lab-1');
  });

  it('a host older than the database’s mark refuses to start: exit 2, one line naming the versions', async () => {
    const lab = ready as LabHarness;
    await query(`update racelab_schema set compatible_from = ${NEXT}`);
    const refused = await lab.startRefused({ name: 'lab-2', address: '127.0.0.2' });
    expect(refused.code).toBe(2);
    const lines = refused.stderr.trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toContain(
      `has schema version ${NEXT}, which needs racelab schema version ${NEXT} or newer; this racelab has schema version ${SCHEMA_VERSION}: upgrade racelab on this host`,
    );
    expect(await query("select name from hosts where name = 'lab-2'")).toEqual([]);
  });
});
