import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp } from '../../test/support/test-app.js';
import { webPageRoutes } from './web.js';

let root: string;
const INDEX = '<!doctype html><title>racelab</title><script type="module" src="/assets/index-abc123.js"></script>';

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'racelab-web-'));
  await mkdir(join(root, 'assets'));
  await writeFile(join(root, 'index.html'), INDEX);
  await writeFile(join(root, 'assets', 'index-abc123.js'), 'console.log("racelab");'.repeat(100));
});
afterAll(() => rm(root, { recursive: true, force: true }));

function expectIsolated(response: Response) {
  expect(response.headers.get('cross-origin-opener-policy')).toBe('same-origin');
  expect(response.headers.get('cross-origin-embedder-policy')).toBe('require-corp');
  expect(response.headers.get('cross-origin-resource-policy')).toBe('same-origin');
}

describe('GET /', () => {
  it('serves the page uncached, cross-origin isolated, limited to its own origin', async () => {
    const response = await webPageRoutes(root).request('/?run=abc');
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(response.headers.get('cache-control')).toBe('no-cache');
    expectIsolated(response);
    const policy = response.headers.get('content-security-policy') ?? '';
    expect(policy).toContain("default-src 'self'");
    expect(policy).toContain("script-src 'self';");
    expect(policy).toContain("connect-src 'self'");
    expect(policy).not.toMatch(/unsafe|https?:|\*/);
    expect(await response.text()).toBe(INDEX);
  });

  it('answers a repeat visit with 304 through its ETag', async () => {
    const app = webPageRoutes(root);
    const first = await app.request('/');
    const tag = first.headers.get('etag');
    expect(tag).toBeTruthy();
    const again = await app.request('/', { headers: { 'if-none-match': tag ?? '' } });
    expect(again.status).toBe(304);
  });

  it('says how to build the page when it is not built', async () => {
    const response = await webPageRoutes(join(root, 'missing')).request('/');
    expect(response.status).toBe(404);
    const body = (await response.json()) as { error: { code: string; message: string } };
    expect(body.error.code).toBe('not_found');
    expect(body.error.message).toContain('pnpm build');
  });
});

describe('GET /assets/*', () => {
  it('serves hashed files for a year, isolated, compressed when asked', async () => {
    const response = await webPageRoutes(root).request('/assets/index-abc123.js', {
      headers: { 'accept-encoding': 'gzip' },
    });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    expect(response.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
    expect(response.headers.get('content-encoding')).toBe('gzip');
    expectIsolated(response);
    const text = await new Response(response.body?.pipeThrough(new DecompressionStream('gzip'))).text();
    expect(text).toBe('console.log("racelab");'.repeat(100));
  });

  it('answers 404 in the error body for a file the build does not have, or outside it', async () => {
    const app = webPageRoutes(root);
    for (const path of ['/assets/nope.js', '/assets/../index.html', '/assets/%2e%2e/index.html', '/assets/']) {
      const response = await app.request(path);
      expect(response.status, path).toBeGreaterThanOrEqual(400);
      expect(response.status, path).toBeLessThan(500);
      if (response.status === 404 && response.headers.get('content-type')?.includes('json')) {
        expect(((await response.json()) as { error: { code: string } }).error.code).toBe('not_found');
      }
    }
  });
});

describe('other methods', () => {
  it('are answered 405 in plain JSON, without the page headers or a compressed-body label', async () => {
    const { app, queue } = createTestApp();
    try {
      for (const method of ['POST', 'OPTIONS', 'DELETE']) {
        const response = await app.request('/', { method, headers: { 'accept-encoding': 'gzip' } });
        expect(response.status, method).toBe(405);
        expect(response.headers.get('content-encoding'), method).toBeNull();
        expect(((await response.json()) as { error: { code: string } }).error.code).toBe('method_not_allowed');
      }
    } finally {
      await queue.close();
    }
  });
});
