/** Test support: an app on its own queue, JSON requests, and an SSE reader. Not part of the build. */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openRunStore, type RunStore } from '@racelab/store';
import { type AppOptions, createApp } from '../../src/app.js';
import type { ApiLimits } from '../../src/limits.js';
import { RunQueue } from '../../src/runs/run-queue.js';
import { RunKeeper } from '../../src/store/run-keeper.js';

/** In-process requests have no connection: they name their client in this header instead. */
export const TEST_CLIENT_HEADER = 'x-test-client';

export function createTestApp(limits: Partial<ApiLimits> = {}, options: Omit<AppOptions, 'queue'> = {}) {
  const queue = new RunQueue({ limits: { ...LONG_RUN_LIMITS, ...limits } });
  const app = createApp({ queue, log: false, clientAddress: (c) => c.req.header(TEST_CLIENT_HEADER), ...options });
  return { app, queue };
}

export type TestApp = ReturnType<typeof createTestApp>['app'];

/** An app whose runs go to `store` (closed with the queue), as host `host`. */
export function createStoreTestApp(
  store: RunStore,
  limits: Partial<ApiLimits> = {},
  options: Omit<AppOptions, 'queue'> & { host?: string } = {},
) {
  const { host = 'test-host', ...appOptions } = options;
  const queue = new RunQueue({
    limits: { ...LONG_RUN_LIMITS, ...limits },
    keeper: new RunKeeper(store, { bufferSize: limits.storeBufferRuns }),
    host,
  });
  const app = createApp({ queue, log: false, clientAddress: (c) => c.req.header(TEST_CLIENT_HEADER), ...appOptions });
  return { app, queue, store };
}

/** A fresh SQLite notebook in a temp folder; `remove()` deletes the folder. */
export async function tempSqliteStore(): Promise<{ path: string; open(): Promise<RunStore>; remove(): Promise<void> }> {
  const folder = await mkdtemp(join(tmpdir(), 'racelab-api-store-'));
  const path = join(folder, 'runs.db');
  return { path, open: () => openRunStore(path), remove: () => rm(folder, { recursive: true, force: true }) };
}

export function postJson(app: TestApp, path: string, body: unknown, headers: Record<string, string> = {}) {
  return app.request(path, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
}

export interface SseEvent {
  event: string;
  data: string;
  /** The event's `id:` line, when it has one. */
  id?: string;
}

/** Parses a `text/event-stream` body event by event; comment lines (keep-alives) are skipped. */
export async function* readSse(body: ReadableStream<Uint8Array>): AsyncGenerator<SseEvent> {
  const reader = body.pipeThrough(new TextDecoderStream()).getReader();
  let buffered = '';
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) return;
      buffered += value;
      let end = buffered.indexOf('\n\n');
      while (end !== -1) {
        const block = buffered.slice(0, end);
        buffered = buffered.slice(end + 2);
        const event = parseBlock(block);
        if (event) yield event;
        end = buffered.indexOf('\n\n');
      }
    }
  } finally {
    await reader.cancel().catch(() => {});
  }
}

function parseBlock(block: string): SseEvent | undefined {
  let event = 'message';
  let id: string | undefined;
  const data: string[] = [];
  for (const line of block.split('\n')) {
    if (line.startsWith(':')) continue;
    if (line.startsWith('event:')) event = line.slice(6).trim();
    else if (line.startsWith('id:')) id = line.slice(3).replace(/^ /, '');
    else if (line.startsWith('data:')) data.push(line.slice(5).replace(/^ /, ''));
  }
  if (data.length === 0) return undefined;
  return id === undefined ? { event, data: data.join('\n') } : { event, data: data.join('\n'), id };
}

export async function waitUntil(check: () => boolean, timeoutMs = 10_000): Promise<void> {
  const deadline = performance.now() + timeoutMs;
  while (!check()) {
    if (performance.now() > deadline) throw new Error(`condition not met within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

/**
 * A run that is still going whenever a test cancels it, on any machine, however idle or busy: 4 ×
 * 10^10 spinlock increments, each a compare-and-swap, a read, a write and a release store on one
 * shared cache line. At 10^9 of those a second, beyond any machine (a lone thread manages about
 * 10^8), it would take 40 s, longer than any test may run (its timeout is 30 s); in practice it
 * takes hours. Servers must admit it: `LONG_RUN_LIMITS`.
 */
export const LONG_RUN = { strategy: 'spinlock', workers: 4, iterations: 100_000_000, trials: 100 } as const;

/** The ceiling that admits `LONG_RUN` (the default, 2,000,000,000 increments, refuses it). */
export const LONG_RUN_LIMITS = { maxTotalIncrements: 40_000_000_000 } as const;
