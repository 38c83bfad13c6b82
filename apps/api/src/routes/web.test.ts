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

  it('before the page is built, says how to build it: a short page for browsers, the error body for others', async () => {
    const app = webPageRoutes(join(root, 'missing'));
    const browser = await app.request('/', { headers: { accept: 'text/html,application/xhtml+xml,*/*;q=0.8' } });
    expect(browser.status).toBe(503);
    expect(browser.headers.get('content-type')).toBe('text/html; charset=UTF-8');
    expect(browser.headers.get('cache-control')).toBe('no-store');
    expectIsolated(browser);
    const html = await browser.text();
    expect(html).toContain('pnpm --filter @racelab/web build');
    expect(html).toContain('<meta http-equiv="refresh"');
    const api = await app.request('/');
    expect(api.status).toBe(503);
    const body = (await api.json()) as { error: { code: string; message: string } };
    expect(body.error.code).toBe('page_not_built');
    expect(body.error.message).toContain('pnpm --filter @racelab/web build');
  });

  it('serves the page once it is built, and a rebuilt page, without a restart', async () => {
    const later = await mkdtemp(join(tmpdir(), 'racelab-web-later-'));
    try {
      const app = webPageRoutes(later);
      expect((await app.request('/')).status).toBe(503);
      await mkdir(join(later, 'assets'));
      await writeFile(join(later, 'assets', 'index-1.js'), 'first();');
      await writeFile(join(later, 'index.html'), '<!doctype html><title>first</title>');
      expect(await (await app.request('/')).text()).toContain('first');
      expect((await app.request('/assets/index-1.js')).status).toBe(200);
      // A rebuild: new names, new index (a different size, so the change shows whatever the clock's grain).
      await rm(join(later, 'assets', 'index-1.js'));
      await writeFile(join(later, 'assets', 'index-22.js'), 'second();');
      await writeFile(join(later, 'index.html'), '<!doctype html><title>second build</title>');
      expect((await app.request('/assets/index-22.js')).status).toBe(200);
      expect(await (await app.request('/')).text()).toContain('second build');
      // The build folder emptied mid-rebuild: the last complete page stays.
      await rm(join(later, 'index.html'));
      expect((await app.request('/')).status).toBe(200);
    } finally {
      await rm(later, { recursive: true, force: true });
    }
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
