import { afterEach, describe, expect, it } from 'vitest';
import { createTestApp, postJson } from '../../test/support/test-app.js';

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
      expect.objectContaining({ name: 'solo', state: 'idle', queued: 0, runtime: `node ${process.version}` }),
    ]);
    expect(body.hosts[0]?.cpus).toBeGreaterThan(0);
  });

  it('refuses `hosts` with 400 unknown_host naming the field, and accepts nothing else but a list or "all"', async () => {
    const { app, queue } = createTestApp();
    close = () => queue.close();
    const named = await postJson(app, '/runs', { hosts: ['lab-2'] });
    expect(named.status).toBe(400);
    expect(await named.json()).toMatchObject({
      error: { code: 'unknown_host', details: [{ field: 'hosts' }] },
    });
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
