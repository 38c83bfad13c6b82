/**
 * The connection-level limits of the Node server (issue 13): stalled clients are dropped at the
 * headers timeout without slowing anyone else, connections past a cap are refused in the contract's
 * body, and event streams outlive every one of those timeouts.
 */
import { once } from 'node:events';
import { request } from 'node:http';
import { connect, type Socket } from 'node:net';
import { ApiErrorSchema, ExperimentResultSchema } from '@racelab/schema';
import { describe, expect, it } from 'vitest';
import { parseResponses } from '../test/support/raw-http.js';
import { LONG_RUN, LONG_RUN_LIMITS, readSse, waitUntil } from '../test/support/test-app.js';
import { RunSchema } from './api-schemas.js';
import { startServer } from './server.js';

const STALLED = 500;
const HALF_A_REQUEST = 'GET /health HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Stalled: ';

interface Stalled {
  socket: Socket;
  received: Buffer[];
  /** When the last byte was written, and when the server closed the socket. */
  sentAt: number;
  closedAt: Promise<number>;
}

async function stall(port: number, localAddress = '127.0.0.1'): Promise<Stalled> {
  const socket = connect({ port, host: '127.0.0.1', localAddress });
  const received: Buffer[] = [];
  socket.on('data', (chunk: Buffer) => received.push(chunk));
  socket.on('error', () => {});
  const closedAt = once(socket, 'close').then(() => performance.now());
  await once(socket, 'connect');
  await new Promise<void>((resolve) => socket.write(HALF_A_REQUEST, () => resolve()));
  return { socket, received, sentAt: performance.now(), closedAt };
}

/** One GET on a fresh connection (no pooled socket to queue behind); resolves with status and time. */
function probe(url: string, localAddress = '127.0.0.1'): Promise<{ status: number; ms: number; body: string }> {
  const startedAt = performance.now();
  return new Promise((resolve, reject) => {
    const sent = request(url, { agent: false, localAddress }, (response) => {
      let body = '';
      response.setEncoding('utf8').on('data', (chunk: string) => {
        body += chunk;
      });
      response.on('end', () => resolve({ status: response.statusCode ?? 0, ms: performance.now() - startedAt, body }));
    });
    sent.on('error', reject);
    sent.end();
  });
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;

describe('stalled clients', () => {
  it(`holds ${STALLED} half-sent requests, answers /health, runs exactly, then drops them at the headers timeout`, async () => {
    // Every socket must still be held while we probe and run (checked below): those take about half a
    // second on an idle 2-core machine, so 10 s leaves room for one twenty times slower.
    const headersTimeoutMs = 10_000;
    const server = await startServer({
      port: 0,
      log: false,
      limits: { headersTimeoutMs, maxConnections: STALLED + 50, maxConnectionsPerClient: STALLED + 50 },
    });
    try {
      const { port } = new URL(server.url);
      // The start-up warm-up spawns 10 threads; let it finish so it does not blur the timings below.
      await waitUntil(
        () => server.queue.runner.threads >= 10 && server.queue.runner.idleThreads === server.queue.runner.threads,
      );
      const stalled: Stalled[] = [];
      for (let batch = 0; batch < STALLED / 50; batch++) {
        stalled.push(...(await Promise.all(Array.from({ length: 50 }, () => stall(Number(port))))));
      }
      await waitUntil(() => server.connections === STALLED);

      // /health still answers while every one of them is held (the timings are printed, not
      // asserted: how fast depends on the machine and its load, not on this code).
      const probes = [];
      for (let index = 0; index < 7; index++) probes.push(await probe(`${server.url}/health`));
      expect(probes.map((answer) => answer.status)).toEqual(Array(7).fill(200));
      const health = probes.map((answer) => answer.ms);
      console.log(
        `/health with ${STALLED} stalled sockets: median ${median(health).toFixed(1)} ms, max ${Math.max(...health).toFixed(1)} ms`,
      );

      const run = await fetch(`${server.url}/runs?wait=true`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ strategy: 'mutex', workers: 4, iterations: 100_000 }),
      });
      expect(RunSchema.parse(await run.json()).result?.trials[0]?.actual).toBe(400_000);
      // Everything above happened while all of them were still held.
      expect(server.connections).toBeGreaterThanOrEqual(STALLED);

      const lifetimes = await Promise.all(stalled.map(async (held) => (await held.closedAt) - held.sentAt));
      console.log(
        `${STALLED} stalled sockets closed after ${Math.min(...lifetimes).toFixed(0)}–${Math.max(...lifetimes).toFixed(0)} ms (headers timeout ${headersTimeoutMs} ms)`,
      );
      expect(Math.min(...lifetimes)).toBeGreaterThan(headersTimeoutMs - 50); // and not early
      // Closed by the timeout, not by anything else: each was told so in the contract's body.
      for (const held of stalled) {
        const [answer] = parseResponses(Buffer.concat(held.received));
        expect(answer?.status).toBe(408);
        expect(ApiErrorSchema.parse(JSON.parse(answer!.body)).error.code).toBe('request_timeout');
      }
      await waitUntil(() => server.connections === 0);
    } finally {
      await server.close();
    }
  });
});

describe('connection caps', () => {
  it('refuses a connection past the cap per address with 503 in the contract body, and frees the slot on close', async () => {
    const server = await startServer({
      port: 0,
      log: false,
      limits: { maxConnectionsPerClient: 3, maxConnections: 5 },
    });
    try {
      const { port } = new URL(server.url);
      const held = await Promise.all([1, 2, 3].map(() => stall(Number(port), '127.0.0.2')));
      await waitUntil(() => server.connections === 3);
      const refused = await probe(`${server.url}/health`, '127.0.0.2');
      expect(refused.status).toBe(503);
      expect(ApiErrorSchema.parse(JSON.parse(refused.body)).error.code).toBe('too_many_connections');
      expect(refused.body).toContain('limit per client');
      // Another address is not affected...
      expect((await probe(`${server.url}/health`, '127.0.0.3')).status).toBe(200);
      // ...until the server as a whole is full.
      const more = await Promise.all([1, 2].map(() => stall(Number(port), '127.0.0.3')));
      await waitUntil(() => server.connections === 5);
      const full = await probe(`${server.url}/health`, '127.0.0.4');
      expect(full.status).toBe(503);
      expect(full.body).toContain('5 connections open, its limit');
      held[0]!.socket.destroy();
      await waitUntil(() => server.connections === 4);
      expect((await probe(`${server.url}/health`, '127.0.0.2')).status).toBe(200);
      for (const socket of [...held, ...more]) socket.socket.destroy();
    } finally {
      await server.close();
    }
  });
});

describe('event streams', () => {
  it('outlive the headers, request and keep-alive timeouts', async () => {
    // A run that lasts 2.5 s exactly (its own time limit), followed by a stream under 0.2–1 s timeouts.
    const server = await startServer({
      port: 0,
      log: false,
      limits: {
        ...LONG_RUN_LIMITS,
        headersTimeoutMs: 200,
        requestTimeoutMs: 300,
        keepAliveTimeoutMs: 1_000,
        runTimeoutMs: 2_500,
      },
    });
    try {
      const submitted = RunSchema.parse(
        await (
          await fetch(`${server.url}/runs`, {
            method: 'POST',
            headers: { 'content-type': 'application/json' },
            body: JSON.stringify(LONG_RUN),
          })
        ).json(),
      );
      const openedAt = performance.now();
      const events = [];
      for await (const event of readSse((await fetch(`${server.url}/runs/${submitted.id}/events`)).body!)) {
        events.push(event);
      }
      expect(performance.now() - openedAt).toBeGreaterThan(2_000);
      expect(events.at(-1)?.event).toBe('result');
      expect(ExperimentResultSchema.parse(JSON.parse(events.at(-1)!.data)).error?.code).toBe('timeout');
      expect(events.filter((event) => event.event === 'progress').length).toBeGreaterThan(5);
    } finally {
      await server.close();
    }
  });
});
