import { once } from 'node:events';
import { ExperimentResultSchema } from '@racelab/schema';
import { describe, expect, it, onTestFinished } from 'vitest';
import { startCli } from '../test/support/cli-process.js';
import { LONG_RUN, LONG_RUN_LIMITS, readSse, type SseEvent, waitUntil } from '../test/support/test-app.js';
import { RunSchema } from './api-schemas.js';

const STREAMS = 20;

/** Reads a stream to its end, or gives up after `ms` (a stream that never ends is the failure). */
async function readToEnd(events: AsyncGenerator<SseEvent>, ms: number): Promise<SseEvent[] | 'hung'> {
  const collected: SseEvent[] = [];
  const drained = (async () => {
    for await (const event of events) collected.push(event);
    return collected;
  })();
  const timeout = new Promise<'hung'>((resolve) => setTimeout(() => resolve('hung'), ms).unref());
  return Promise.race([drained, timeout]);
}

describe('racelab-api under load', () => {
  it('on SIGTERM ends every event stream, exits 0 within its deadline, and leaves no process behind', async () => {
    const { child, url } = await startCli([
      '--quiet',
      '--max-streams-per-client',
      String(STREAMS),
      '--max-increments',
      String(LONG_RUN_LIMITS.maxTotalIncrements),
    ]);
    // A failed expectation must not leave the server running after the test.
    onTestFinished(() => {
      if (child.exitCode === null) child.kill('SIGKILL');
    });
    const post = await fetch(`${url}/runs`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(LONG_RUN),
    });
    const { id } = RunSchema.parse(await post.json());
    const streams = await Promise.all(
      Array.from({ length: STREAMS }, async () => {
        const events = readSse((await fetch(`${url}/runs/${id}/events`)).body!);
        expect((await events.next()).value?.event).toBe('run');
        return events;
      }),
    );
    // GET traffic that keeps going until the server is gone.
    let served = 0;
    let unexpected = 0;
    let stopped = false;
    const readers = Array.from({ length: 4 }, async () => {
      while (!stopped) {
        try {
          const response = await fetch(`${url}/runs/${id}`);
          await response.arrayBuffer();
          if (response.status === 200) served++;
          else unexpected++;
        } catch {
          return; // refused or reset: the server has stopped listening
        }
      }
    });
    // Signalled once the run is really running (a progress event on one stream), under GET traffic.
    const [first] = streams;
    for (;;) {
      const { value } = await first!.next();
      if (value?.event === 'progress') break;
    }
    await waitUntil(() => served >= 20);

    child.kill('SIGTERM');
    const [[code], ended] = await Promise.all([
      once(child, 'exit'),
      Promise.all(streams.map((events) => readToEnd(events, 15_000))),
    ]);
    stopped = true;
    await Promise.all(readers);

    // 0, not 1: the shutdown finished within its own 1.5 s deadline (past it the process exits 1).
    expect(code).toBe(0);
    expect(served).toBeGreaterThan(0);
    expect(unexpected).toBe(0);
    for (const events of ended) {
      expect(events).not.toBe('hung');
      const last = (events as SseEvent[]).at(-1);
      expect(last?.event).toBe('result');
      expect(ExperimentResultSchema.parse(JSON.parse(last!.data)).status).toBe('cancelled');
    }
    // Worker threads live inside the process: with it gone, none can be left spinning.
    expect(() => process.kill(child.pid!, 0)).toThrow(expect.objectContaining({ code: 'ESRCH' }));
  });
});
