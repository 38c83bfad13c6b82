/**
 * `trustProxy` end to end on real sockets: the per-client limits see the client a trusted proxy
 * names, and nothing a client that is not one writes in those headers.
 */
import { ApiErrorSchema } from '@racelab/schema';
import { afterAll, describe, expect, it, onTestFinished } from 'vitest';
import { createTestApp, LONG_RUN, LONG_RUN_LIMITS, TEST_CLIENT_HEADER } from '../test/support/test-app.js';
import { STRICT_TRANSPORT_SECURITY } from './http/strict-transport.js';
import { type RunningServer, startServer } from './server.js';

const TINY = { strategy: 'atomic', workers: 1, iterations: 1 };

async function serve(trustProxy: string): Promise<RunningServer> {
  const limits = { ...LONG_RUN_LIMITS, maxQueuedRunsPerClient: 1 };
  const server = await startServer({ port: 0, log: false, trustProxy, limits });
  onTestFinished(() => server.close());
  return server;
}

function post(server: RunningServer, body: unknown, headers: Record<string, string>) {
  return fetch(`${server.url}/runs`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify(body),
  });
}

async function expectClientQueueFull(response: Response) {
  expect(response.status).toBe(429);
  expect(ApiErrorSchema.parse(await response.json()).error.code).toBe('client_queue_full');
}

describe('--trust-proxy', () => {
  it('through a trusted proxy, two clients get two limits', async () => {
    const server = await serve('127.0.0.0/8');
    const as = (client: string) => ({ 'x-forwarded-for': `198.51.100.99, ${client}` });
    // The running run does not count as waiting; then each client may have one waiting.
    expect((await post(server, LONG_RUN, as('203.0.113.1'))).status).toBe(202);
    expect((await post(server, TINY, as('203.0.113.1'))).status).toBe(202);
    await expectClientQueueFull(await post(server, TINY, as('203.0.113.1')));
    expect((await post(server, TINY, as('203.0.113.2'))).status).toBe(202);
    await expectClientQueueFull(await post(server, TINY, as('203.0.113.2')));
    // RFC 7239 names the same client the same way.
    await expectClientQueueFull(await post(server, TINY, { forwarded: 'for="[::ffff:203.0.113.2]:5000"' }));
    expect(server.queue.list().map((record) => record.client)).toEqual([
      'address:203.0.113.2',
      'address:203.0.113.1',
      'address:203.0.113.1',
    ]);
  });

  it('from a peer that is not trusted, spoofed headers change nothing', async () => {
    const server = await serve('127.0.0.2, ::1'); // the test connects from 127.0.0.1
    const spoofed = (client: string) => ({
      'x-forwarded-for': client,
      forwarded: `for=${client}`,
      'x-forwarded-proto': 'https',
    });
    expect((await post(server, LONG_RUN, spoofed('203.0.113.1'))).status).toBe(202);
    const accepted = await post(server, TINY, spoofed('203.0.113.2'));
    expect(accepted.status).toBe(202);
    expect(accepted.headers.get('strict-transport-security')).toBeNull();
    await expectClientQueueFull(await post(server, TINY, spoofed('203.0.113.3')));
    expect(new Set(server.queue.list().map((record) => record.client))).toEqual(new Set(['address:127.0.0.1']));
  });

  it('is refused at start when an entry is neither an address nor a range', async () => {
    await expect(startServer({ port: 0, log: false, trustProxy: '10.0.0.0/8,nginx' })).rejects.toThrow(
      /"nginx" is not an IP address or CIDR range/,
    );
  });
});

describe('Strict-Transport-Security', () => {
  const { app, queue } = createTestApp({}, { trustProxy: '10.0.0.1' });
  afterAll(() => queue.close());

  it.each([
    ['plain http', 'http://127.0.0.1/health', {}, null],
    ['https', 'https://racelab.example/health', {}, STRICT_TRANSPORT_SECURITY],
    [
      'a trusted proxy saying https',
      'http://127.0.0.1/health',
      { [TEST_CLIENT_HEADER]: '10.0.0.1', 'x-forwarded-proto': 'https' },
      STRICT_TRANSPORT_SECURITY,
    ],
    [
      'a trusted proxy saying proto=https',
      'http://127.0.0.1/',
      { [TEST_CLIENT_HEADER]: '10.0.0.1', forwarded: 'for=203.0.113.4;proto=https' },
      STRICT_TRANSPORT_SECURITY,
    ],
    [
      'anyone else saying https',
      'http://127.0.0.1/health',
      { [TEST_CLIENT_HEADER]: '10.0.0.2', 'x-forwarded-proto': 'https' },
      null,
    ],
    ['an error over plain http', 'http://127.0.0.1/nope', {}, null],
  ])('over %s: %s', async (_name, url, headers, expected) => {
    const response = await app.request(url, { headers });
    expect(response.headers.get('strict-transport-security')).toBe(expected);
    expect(response.headers.get('x-content-type-options')).toBe('nosniff');
  });
});
