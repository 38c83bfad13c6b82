import { ApiErrorSchema } from '@racelab/schema';
import { afterAll, describe, expect, it } from 'vitest';
import { createTestApp, LONG_RUN, postJson } from '../../test/support/test-app.js';
import { RunSchema } from '../api-schemas.js';
import { requireBearerToken, tokenProblem } from './bearer-token.js';

const TOKEN = 'test-token-0123456789abcdef';
const TINY = { strategy: 'atomic', workers: 1, iterations: 1 };
const { app, queue } = createTestApp({}, { token: TOKEN });
afterAll(() => queue.close());

const bearer = (token: string) => ({ authorization: `Bearer ${token}` });

async function expectUnauthorized(response: Response, code: string) {
  expect(response.status).toBe(401);
  expect(response.headers.get('www-authenticate')).toMatch(/^Bearer /);
  const body = ApiErrorSchema.parse(await response.json());
  expect(body.error.code).toBe(code);
  expect(JSON.stringify(body)).not.toContain(TOKEN.slice(0, 8));
  expect(body.error.message).not.toMatch(/\n\s+at /);
}

describe('a server with a token', () => {
  it('refuses POST /runs without the header, with the contract body and a challenge', async () => {
    const response = await postJson(app, '/runs', TINY);
    await expectUnauthorized(response, 'unauthorized');
    expect(response.headers.get('www-authenticate')).toBe('Bearer realm="racelab"');
    expect(queue.list()).toHaveLength(0);
  });

  it('refuses a wrong token, a malformed header and another scheme', async () => {
    await expectUnauthorized(await postJson(app, '/runs', TINY, bearer(`${TOKEN}x`)), 'invalid_token');
    await expectUnauthorized(await postJson(app, '/runs', TINY, bearer('has spaces')), 'invalid_token');
    await expectUnauthorized(await postJson(app, '/runs', TINY, { authorization: `Basic ${TOKEN}` }), 'invalid_token');
    await expectUnauthorized(await postJson(app, '/runs', TINY, { authorization: 'Bearer' }), 'invalid_token');
    expect(queue.list()).toHaveLength(0);
  });

  it('checks the token before the body: no 413 or 415 tells a stranger anything', async () => {
    await expectUnauthorized(await postJson(app, '/runs', 'x'.repeat(64 * 1024)), 'unauthorized');
    const form = await app.request('/runs', { method: 'POST', body: 'workers=2' });
    await expectUnauthorized(form, 'unauthorized');
  });

  it('starts and cancels runs with the right token', async () => {
    const accepted = await postJson(app, '/runs', LONG_RUN, bearer(TOKEN));
    expect(accepted.status).toBe(202);
    const { id } = RunSchema.parse(await accepted.json());
    await expectUnauthorized(await app.request(`/runs/${id}`, { method: 'DELETE' }), 'unauthorized');
    expect(queue.get(id).ended).toBe(false);
    const cancelled = await app.request(`/runs/${id}`, { method: 'DELETE', headers: bearer(TOKEN) });
    expect(cancelled.status).toBe(200);
    expect(RunSchema.parse(await cancelled.json()).status).toBe('cancelled');
  });

  it('keeps reads open', async () => {
    expect((await app.request('/health')).status).toBe(200);
    expect((await app.request('/strategies')).status).toBe(200);
    expect((await app.request('/runs')).status).toBe(200);
    const [run] = queue.list();
    expect((await app.request(`/runs/${run!.id}`)).status).toBe(200);
    expect((await app.request(`/runs/${run!.id}/events`)).status).toBe(200);
    expect((await app.request('/openapi.json')).status).toBe(200);
  });

  it('still answers unknown routes and wrong methods as before', async () => {
    expect((await app.request('/runs', { method: 'PUT' })).status).toBe(405);
    expect((await app.request('/runs/x/events', { method: 'DELETE' })).status).toBe(405);
    expect((await app.request('/nowhere', { method: 'POST' })).status).toBe(404);
  });
});

describe('a server without a token', () => {
  it('lets anyone start runs, and ignores an Authorization header', async () => {
    const { app: openApp, queue: openQueue } = createTestApp();
    try {
      expect((await postJson(openApp, '/runs?wait=true', TINY)).status).toBe(200);
      expect((await postJson(openApp, '/runs?wait=true', TINY, bearer('whatever'))).status).toBe(200);
    } finally {
      await openQueue.close();
    }
  });
});

describe('tokenProblem', () => {
  it('accepts long tokens of RFC 6750 characters only', () => {
    expect(tokenProblem(TOKEN)).toBeUndefined();
    expect(tokenProblem('a1B2-c3.D4_e5~f6+g7/h8==')).toBeUndefined();
    expect(tokenProblem('short')).toMatch(/at least 16 characters/);
    expect(tokenProblem('sixteen chars with spaces')).toMatch(/only letters, digits/);
    expect(() => requireBearerToken('short')).toThrow(/at least 16/);
  });
});
