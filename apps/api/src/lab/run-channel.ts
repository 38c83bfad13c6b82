/**
 * The lab's news between hosts, LISTENed on one dedicated connection per host, NOTIFYed through the
 * pool. The rare news (a run started, ended, a cancel request) goes on one shared channel,
 * `racelab_runs`, which every host LISTENs to. Progress (up to 10 samples a second per run, see
 * `ProgressPublisher`) goes on a channel of its own run (`progressChannel`), which a host LISTENs to
 * only while a client of its own follows that run's events: PostgreSQL delivers each sample to the
 * hosts that show it, not to the whole lab. Notifications are news, not state: the run store stays
 * the authority, and a host that was disconnected re-LISTENs what it follows and re-reads the store
 * (`onReconnect`) for whatever it missed.
 */
import { createHash } from 'node:crypto';
import type { ProgressSnapshot } from '@racelab/schema';
import pg from 'pg';

/** The shared channel: started, ended and cancel news of every run. */
export const RUN_CHANNEL = 'racelab_runs';

const PROGRESS_PREFIX = 'racelab_progress_';

/**
 * The channel of one run's progress: a legal PostgreSQL identifier of at most 63 bytes, lower case
 * (so LISTEN needs no quoting to match NOTIFY). A run id of the API's shape (a UUID) shows in it;
 * any other id is hashed.
 */
export function progressChannel(run: string): string {
  const plain = /^[0-9a-z_-]{1,40}$/.test(run) ? run.replaceAll('-', '_') : undefined;
  return PROGRESS_PREFIX + (plain ?? createHash('sha256').update(run).digest('hex').slice(0, 40));
}

/** NOTIFY refuses payloads of 8,000 bytes or more; progress above this is skipped, never split. */
export const MAX_PAYLOAD_BYTES = 7_900;

export type RunNews =
  | { type: 'started'; run: string; host: string }
  | { type: 'progress'; run: string; snapshot: ProgressSnapshot }
  | { type: 'ended'; run: string }
  | { type: 'cancel'; run: string; reason: string };

export interface RunChannelOptions {
  url: string;
  onNews: (news: RunNews) => void;
  /** Called after the connection came back (a PostgreSQL restart): notifications may have been missed. */
  onReconnect?: () => void;
  log?: (line: string) => void;
}

export class RunChannel {
  #client: pg.Client | undefined;
  /** Runs whose progress this host follows, by their channel. */
  readonly #followed = new Map<string, string>();
  #closed = false;
  #retryMs = 100;
  #timer: ReturnType<typeof setTimeout> | undefined;
  #everConnected = false;

  constructor(readonly options: RunChannelOptions) {}

  /** Resolves once listening; throws if the first connection fails (the host cannot join the lab). */
  async start(): Promise<void> {
    await this.#connect();
  }

  async #connect(): Promise<void> {
    const client = new pg.Client({ connectionString: this.options.url, application_name: 'racelab-lab-listen' });
    client.on('error', () => this.#lost(client));
    client.on('end', () => this.#lost(client));
    client.on('notification', (message) => {
      if (!message.payload) return;
      // What PostgreSQL delivers is what this connection LISTENs to (a sample sent just before an
      // UNLISTEN may still come: the followed run ignores it once it has ended).
      if (message.channel !== RUN_CHANNEL && !message.channel.startsWith(PROGRESS_PREFIX)) return;
      try {
        this.options.onNews(JSON.parse(message.payload) as RunNews);
      } catch {
        // Not ours (or a newer host's shape): ignore, the store has the truth.
      }
    });
    await client.connect();
    await client.query(`LISTEN ${RUN_CHANNEL}`);
    this.#client = client;
    // Followed before this connection (or across a reconnect): listened again, in one round trip.
    // From here on `follow` and `unfollow` use this connection, queued behind this statement.
    const followed = [...this.#followed.keys()];
    if (followed.length > 0) this.#query(followed.map((channel) => `LISTEN ${channel};`).join(' '));
    this.#retryMs = 100;
    if (this.#everConnected) this.options.onReconnect?.();
    this.#everConnected = true;
  }

  #lost(client: pg.Client): void {
    if (this.#client !== client || this.#closed) return;
    this.#client = undefined;
    client.end().catch(() => {});
    this.options.log?.('lab: lost the notification connection to PostgreSQL; reconnecting');
    this.#scheduleReconnect();
  }

  #scheduleReconnect(): void {
    if (this.#closed) return;
    this.#timer = setTimeout(() => {
      this.#connect().catch(() => {
        this.#retryMs = Math.min(this.#retryMs * 2, 2_000);
        this.#scheduleReconnect();
      });
    }, this.#retryMs);
    this.#timer.unref?.();
  }

  /** Starts receiving `run`'s progress (a client here follows its events). */
  follow(run: string): void {
    const channel = progressChannel(run);
    if (this.#followed.has(channel)) return;
    this.#followed.set(channel, run);
    this.#query(`LISTEN ${channel}`);
  }

  /** Stops receiving `run`'s progress (it ended, or nobody here follows it any more). */
  unfollow(run: string): void {
    const channel = progressChannel(run);
    if (!this.#followed.delete(channel)) return;
    this.#query(`UNLISTEN ${channel}`);
  }

  /** Runs whose progress this host receives now. */
  get followed(): string[] {
    return [...this.#followed.values()];
  }

  /** On the current connection, if any: a connection made later LISTENs to what is followed then. */
  #query(text: string): void {
    // A failure means the connection is going; its `error`/`end` handler reconnects and re-LISTENs.
    this.#client?.query(text).catch(() => {});
  }

  async close(): Promise<void> {
    this.#closed = true;
    clearTimeout(this.#timer);
    const client = this.#client;
    this.#client = undefined;
    await client?.end().catch(() => {});
  }
}

/** The payload of one piece of news, or undefined when it would not fit in a notification. */
export function encodeNews(news: RunNews): string | undefined {
  const payload = JSON.stringify(news);
  return Buffer.byteLength(payload) <= MAX_PAYLOAD_BYTES ? payload : undefined;
}

/**
 * At most one progress notification per run per `intervalMs` (default 100 ms: ≤ 10/s per run);
 * the newest snapshot wins, and the last one is sent when the interval ends, so a follower is never
 * more than one interval behind.
 */
export class ProgressPublisher {
  #lastSent = 0;
  #pending: ProgressSnapshot | undefined;
  #timer: ReturnType<typeof setTimeout> | undefined;

  constructor(
    readonly run: string,
    readonly send: (news: RunNews) => void,
    readonly intervalMs = 100,
  ) {}

  offer(snapshot: ProgressSnapshot): void {
    this.#pending = snapshot;
    const wait = this.#lastSent + this.intervalMs - Date.now();
    if (wait <= 0) {
      this.#flush();
      return;
    }
    this.#timer ??= setTimeout(() => {
      this.#timer = undefined;
      this.#flush();
    }, wait);
  }

  #flush(): void {
    const snapshot = this.#pending;
    if (!snapshot) return;
    this.#pending = undefined;
    this.#lastSent = Date.now();
    this.send({ type: 'progress', run: this.run, snapshot });
  }

  /** The run ended: its result follows, so a sample still pending is dropped. */
  stop(): void {
    clearTimeout(this.#timer);
    this.#timer = undefined;
    this.#pending = undefined;
  }
}
