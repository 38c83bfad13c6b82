import { SCHEMA_VERSION } from '@racelab/store';
import { afterEach, describe, expect, it } from 'vitest';
import { createTestApp, postJson } from '../../test/support/test-app.js';
import { createApp } from '../app.js';
import { RunQueue } from '../runs/run-queue.js';

const SMALL = { strategy: 'mutex', workers: 2, iterations: 1_000 } as const;

describe('GET /hosts and `hosts` without a lab (SQLite or memory)', () => {
  let close: (() => Promise<void>) | undefined;
  afterEach(async () => {
    await close?.();
  });

  it('lists this server alone, idle, with its cores and runtime', async () => {
    const { app, queue } = createTestApp({}, { hostName: 'solo' });
    close = () => queue.close();
    const response = await app.request('/hosts');
    expect(response.status).toBe(200);
    const body = (await response.json()) as { hosts: Array<Record<string, unknown>>; queuedForAnyHost: number };
    expect(body.queuedForAnyHost).toBe(0);
    expect(body.hosts).toEqual([
      expect.objectContaining({
        name: 'solo',
        state: 'idle',
        queued: 0,
        runtime: `node ${process.version}`,
        schemaVersion: SCHEMA_VERSION,
      }),
    ]);
    expect(body.hosts[0]?.cpus).toBeGreaterThan(0);
  });

  it('runs `hosts` naming this server, or "all" (a group of one), here; any other name is 400 unknown_host', async () => {
    // As the server builds it: the queue runs as this host (`--host-name solo`).
    const queue = new RunQueue({ host: 'solo' });
    const app = createApp({ queue, log: false });
    close = () => queue.close();
    const listed = (await (await app.request('/hosts')).json()) as { hosts: Array<{ name: string }> };
    expect(listed.hosts.map((host) => host.name)).toEqual(['solo']);

    const named = await postJson(app, '/runs?wait=true', { ...SMALL, hosts: ['solo', 'solo'] });
    expect(named.status).toBe(200);
    const run = (await named.json()) as { id: string; status: string; host?: string; group?: string };
    expect(run).toMatchObject({ status: 'completed', host: 'solo' });
    expect(run.group).toBeUndefined();
    expect(named.headers.get('location')).toBe(`/runs/${run.id}`);

    const all = await postJson(app, '/runs?wait=true', { ...SMALL, hosts: 'all' });
    expect(all.status).toBe(200);
    const group = (await all.json()) as { group: string; runs: Array<{ id: string; status: string; host?: string }> };
    expect(group.group).toMatch(/^[0-9a-f-]{36}$/);
    expect(group.runs).toEqual([expect.objectContaining({ status: 'completed', host: 'solo', group: group.group })]);
    expect(all.headers.get('location')).toBe(`/runs?group=${group.group}`);
    const inGroup = (await (await app.request(`/runs?group=${group.group}`)).json()) as { runs: Array<{ id: string }> };
    expect(inGroup.runs.map((each) => each.id)).toEqual([group.runs[0]?.id]);

    for (const hosts of [['lab-2'], ['solo', 'lab-2']]) {
      const refused = await postJson(app, '/runs', { ...SMALL, hosts });
      expect(refused.status).toBe(400);
      const body = (await refused.json()) as { error: { code: string; message: string; details: unknown[] } };
      expect(body.error).toMatchObject({
        code: 'unknown_host',
        details: [{ field: 'hosts', message: 'must be "solo" or "all" (this server is not part of a lab)' }],
      });
      expect(body.error.message).toContain('no host is named "lab-2"');
      expect(body.error.message).toContain('its one host is "solo"');
    }
    // Nothing was queued by the refusals.
    expect(queue.list()).toHaveLength(2);
  });

  it('refuses a malformed `hosts` with 400 naming the field', async () => {
    const { app, queue } = createTestApp();
    close = () => queue.close();
    for (const hosts of ['some', [], [''], 7]) {
      const bad = await postJson(app, '/runs', { hosts });
      expect(bad.status).toBe(400);
      const body = (await bad.json()) as { error: { details?: Array<{ field: string }> } };
      expect(body.error.details?.[0]?.field).toMatch(/^hosts/);
    }
  });

  it('is in the OpenAPI document as listHosts', async () => {
    const { app, queue } = createTestApp();
    close = () => queue.close();
    const document = (await (await app.request('/openapi.json')).json()) as {
      paths: Record<string, Record<string, { operationId?: string }>>;
    };
    expect(document.paths['/hosts']?.get?.operationId).toBe('listHosts');
    expect(JSON.stringify(document.paths['/runs']?.post)).toContain('RunGroup');
  });
});
