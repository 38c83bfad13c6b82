import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { ApiErrorSchema } from '@racelab/schema';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseResponses, sendRaw } from '../../test/support/raw-http.js';
import { answerMalformedRequests } from './malformed-requests.js';

// A bare Node server: these requests never reach a handler, so none is needed.
let server: Server;
let port: number;
beforeAll(async () => {
  server = createServer({ requestTimeout: 300, headersTimeout: 300, connectionsCheckingInterval: 50 }, (_, res) =>
    res.end('ok'),
  );
  answerMalformedRequests(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  port = (server.address() as AddressInfo).port;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

async function answerTo(bytes: string, ending: 'fin' | 'hold' = 'fin', holdMs = 200) {
  const [response, ...more] = parseResponses(await sendRaw(port, { bytes, ending }, holdMs));
  expect(more).toEqual([]);
  expect(response?.headers.get('content-type')).toBe('application/json');
  expect(response?.headers.get('connection')).toBe('close');
  return { status: response!.status, error: ApiErrorSchema.parse(JSON.parse(response!.body)).error };
}

describe('requests Node refuses before any handler', () => {
  it('answers a broken request line with 400 in the contract body', async () => {
    const { status, error } = await answerTo('HELLO THERE\r\n\r\n');
    expect(status).toBe(400);
    expect(error.code).toBe('invalid_request');
  });

  it('answers a Content-Length that is not a number with 400', async () => {
    const { status } = await answerTo('POST / HTTP/1.1\r\nHost: x\r\nContent-Length: twelve\r\n\r\n{}');
    expect(status).toBe(400);
  });

  it('answers oversized headers with 431', async () => {
    const { status, error } = await answerTo(`GET / HTTP/1.1\r\nHost: x\r\nX-Big: ${'a'.repeat(20_000)}\r\n\r\n`);
    expect(status).toBe(431);
    expect(error.code).toBe('headers_too_large');
  });

  it('answers headers that never finish arriving with 408', async () => {
    const bytes = 'GET / HTTP/1.1\r\nHost: x\r\nX-Slow: ';
    // Held open until the server answers and hangs up; the 10 s only bounds a server that never would.
    const { status, error } = await answerTo(bytes, 'hold', 10_000);
    expect(status).toBe(408);
    expect(error.code).toBe('request_timeout');
  });

  it('answers CONNECT with 405', async () => {
    const { status, error } = await answerTo('CONNECT example.com:443 HTTP/1.1\r\nHost: example.com:443\r\n\r\n');
    expect(status).toBe(405);
    expect(error.code).toBe('method_not_allowed');
  });
});
