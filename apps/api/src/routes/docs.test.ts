import { afterAll, describe, expect, it } from 'vitest';
import { createTestApp } from '../../test/support/test-app.js';
import { SCALAR_SCRIPT_PATH } from './docs.js';

const { app, queue } = createTestApp();
afterAll(() => queue.close());

describe('GET /docs', () => {
  it("loads Scalar's bundle and the document from this server, never from a CDN", async () => {
    const response = await app.request('/docs');
    const html = await response.text();
    expect(html).toContain(`src="${SCALAR_SCRIPT_PATH}"`);
    expect(html).toContain('"withDefaultFonts": false');
    expect(html).toMatch(/"agent": \{\s*"disabled": true/);
    expect(html).toContain('"showDeveloperTools": "never"');
    expect(html).not.toMatch(/(src|href)="https?:/);
    expect(response.headers.get('content-security-policy')).toContain("connect-src 'self'");
  });

  it('serves the bundle from the installed package, cached until its version changes', async () => {
    const bundle = await app.request(SCALAR_SCRIPT_PATH);
    expect(bundle.status).toBe(200);
    expect(bundle.headers.get('content-type')).toMatch(/^text\/javascript/);
    expect(bundle.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
    expect((await bundle.text()).length).toBeGreaterThan(1_000_000);
  });
});
