/**
 * A host that is leaving its lab (shutting down, or its name taken by another process) queues
 * nothing more: its clients are told at once to go to another host, instead of having runs
 * queued lab-wide behind a host whose streams are about to close. On a real PostgreSQL server.
 */
import { LabDatabase } from '@racelab/store';
import { createTestDatabase, startPostgresServer } from '@racelab/store/testing';
import { afterAll, describe, expect, it } from 'vitest';
import { postJson } from '../../test/support/test-app.js';
import { createApp } from '../app.js';
import { RunQueue } from '../runs/run-queue.js';
import { hostIdentity } from './host-identity.js';
import { Lab } from './lab.js';

const server = await startPostgresServer();
if (!server) {
  const missing = 'no PostgreSQL found (initdb)';
  if (process.env.CI === 'true') throw new Error(`${missing}: CI must test the lab against PostgreSQL`);
  console.log(`leaving-host test skipped: ${missing}; apt-get install postgresql to run it`);
}

describe.skipIf(!server)('a host leaving the lab', () => {
  afterAll(async () => {
    await server?.remove();
  });

  it('answers 503 shutting_down to a submission, naming itself, and queues nothing', async () => {
    const database = await createTestDatabase((server as NonNullable<typeof server>).url, 'leaving');
    const queue = new RunQueue({ host: 'lab-9' });
    const labDatabase = new LabDatabase(database.url, 'test');
    const lab = new Lab({ database: labDatabase, queue, identity: hostIdentity('lab-9'), instance: 'leaving-test' });
    const app = createApp({ queue, lab, log: false });
    await lab.close();
    for (const body of [{}, { hosts: 'all' }, { hosts: ['lab-9'] }]) {
      const response = await postJson(app, '/runs', body);
      expect(response.status).toBe(503);
      expect(await response.json()).toEqual({
        error: {
          code: 'shutting_down',
          message: 'host lab-9 is leaving the lab and accepts no new runs; submit to another host of the lab',
        },
      });
    }
    expect(queue.list()).toEqual([]);
    await queue.close();
    await database.drop();
  });
});
