/**
 * The lab's news channel against a real PostgreSQL server (started here): shared news reach every
 * host; a run's progress reaches only the hosts that follow it, and again after a reconnect.
 * "Not received" is asserted by order, not by waiting: NOTIFYs sent one after the other from one
 * session arrive in that order, so once a later marker on the shared channel has arrived, an
 * earlier sample that did not arrive never will.
 */
import { startPostgresServer } from '@racelab/store/testing';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { progressChannel, RUN_CHANNEL, RunChannel, type RunNews } from './run-channel.js';

const server = await startPostgresServer();
if (!server) {
  const missing = 'no PostgreSQL found (initdb)';
  if (process.env.CI === 'true') throw new Error(`${missing}: CI must test the lab's channel against PostgreSQL`);
  console.log(`run channel test skipped: ${missing}; apt-get install postgresql to run it`);
}

const RUN_A = '0b6f3c1e-8d2a-4f5b-9c7e-1a2b3c4d5e6f';
const RUN_B = 'f1e2d3c4-b5a6-4978-8695-a4b3c2d1e0f9';
const snapshot = (elapsedMs: number) => ({ elapsedMs, counter: 0, expected: 100, workers: [] }) as never;

/** A host's channel, with what it received and a way to wait for a piece of news. */
async function openHost(url: string) {
  const received: RunNews[] = [];
  const waiters: Array<{ match: (news: RunNews) => boolean; resolve: () => void }> = [];
  let reconnected = 0;
  const reconnectWaiters: Array<() => void> = [];
  const channel = new RunChannel({
    url,
    onNews: (news) => {
      received.push(news);
      for (const waiter of waiters.filter((each) => each.match(news))) {
        waiters.splice(waiters.indexOf(waiter), 1);
        waiter.resolve();
      }
    },
    onReconnect: () => {
      reconnected += 1;
      for (const resolve of reconnectWaiters.splice(0)) resolve();
    },
  });
  await channel.start();
  const next = (match: (news: RunNews) => boolean) =>
    received.some(match) ? Promise.resolve() : new Promise<void>((resolve) => waiters.push({ match, resolve }));
  const reconnect = () => new Promise<void>((resolve) => reconnectWaiters.push(resolve));
  return { channel, received, next, reconnect, reconnects: () => reconnected };
}

describe.skipIf(!server)('RunChannel on PostgreSQL', () => {
  let publisher: pg.Client;
  let url: string;
  let marker = 0;

  beforeAll(async () => {
    url = (server as NonNullable<typeof server>).url;
    publisher = new pg.Client({ connectionString: url });
    await publisher.connect();
  });

  afterAll(async () => {
    await publisher?.end().catch(() => {});
    await server?.remove();
  });

  const send = async (channel: string, news: RunNews) => {
    await publisher.query('select pg_notify($1, $2)', [channel, JSON.stringify(news)]);
  };
  const progress = (run: string, elapsedMs: number) =>
    send(progressChannel(run), { type: 'progress', run, snapshot: snapshot(elapsedMs) });
  /** Shared news after everything sent before it; resolves once `host` has it. */
  const flush = async (host: Awaited<ReturnType<typeof openHost>>) => {
    const run = `marker-${++marker}`;
    await send(RUN_CHANNEL, { type: 'ended', run });
    await host.next((news) => news.run === run);
  };

  it('names each run’s progress channel as a legal identifier of at most 63 bytes', () => {
    expect(progressChannel(RUN_A)).toBe('racelab_progress_0b6f3c1e_8d2a_4f5b_9c7e_1a2b3c4d5e6f');
    for (const id of [RUN_A, 'Some Run; DROP TABLE runs', 'é'.repeat(300), 'x'.repeat(41)]) {
      const name = progressChannel(id);
      expect(name).toMatch(/^[a-z_][a-z0-9_]*$/);
      expect(Buffer.byteLength(name)).toBeLessThanOrEqual(63);
    }
    expect(progressChannel('Some Run')).not.toBe(progressChannel('some run'));
  });

  it('delivers shared news to every host, and a run’s progress only to hosts following it', async () => {
    const following = await openHost(url);
    const other = await openHost(url);
    try {
      following.channel.follow(RUN_A);
      // LISTEN is asynchronous: a sample sent once the marker arrives is certainly after it.
      await flush(following);
      await progress(RUN_A, 1);
      await progress(RUN_B, 2);
      await send(RUN_CHANNEL, { type: 'started', run: RUN_A, host: 'lab-3' });
      await following.next((news) => news.type === 'progress' && news.run === RUN_A);
      await flush(following);
      await flush(other);
      const progressOf = (host: typeof following) =>
        host.received.filter((news) => news.type === 'progress').map((news) => news.run);
      expect(progressOf(following)).toEqual([RUN_A]);
      expect(progressOf(other)).toEqual([]);
      for (const host of [following, other]) {
        expect(host.received).toContainEqual({ type: 'started', run: RUN_A, host: 'lab-3' });
      }
      expect(following.channel.followed).toEqual([RUN_A]);

      following.channel.unfollow(RUN_A);
      await flush(following);
      await progress(RUN_A, 3);
      await flush(following);
      expect(progressOf(following)).toEqual([RUN_A]);
      expect(following.channel.followed).toEqual([]);
    } finally {
      await following.channel.close();
      await other.channel.close();
    }
  });

  it('listens again to what it follows after its connection is lost, and says it reconnected', async () => {
    const host = await openHost(url);
    try {
      host.channel.follow(RUN_B);
      await flush(host);
      const reconnected = host.reconnect();
      const { rowCount } = await publisher.query(
        "select pg_terminate_backend(pid) from pg_stat_activity where application_name = 'racelab-lab-listen' and pid <> pg_backend_pid()",
      );
      expect(rowCount).toBeGreaterThanOrEqual(1);
      await reconnected;
      await flush(host);
      await progress(RUN_B, 7);
      await host.next((news) => news.type === 'progress' && news.run === RUN_B);
      expect(host.reconnects()).toBe(1);
    } finally {
      await host.channel.close();
    }
  });
});
