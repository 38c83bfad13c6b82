/**
 * The lab's news between hosts: one PostgreSQL channel (`racelab_runs`), LISTENed on one dedicated
 * connection per host, NOTIFYed through the pool. A host running a run publishes its start, its
 * progress (throttled, see `ProgressPublisher`) and its end; a host asked to cancel a run it does not
 * run publishes the request. Notifications are news, not state: the run store stays the authority,
 * and a host that was disconnected re-reads it (`onReconnect`) for whatever it missed.
 */
import type { ProgressSnapshot } from '@racelab/schema';
import pg from 'pg';

export const RUN_CHANNEL = 'racelab_runs';

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
      if (message.channel !== RUN_CHANNEL || !message.payload) return;
      try {
        this.options.onNews(JSON.parse(message.payload) as RunNews);
      } catch {
        // Not ours (or a newer host's shape): ignore, the store has the truth.
      }
    });
    await client.connect();
    await client.query(`LISTEN ${RUN_CHANNEL}`);
    this.#client = client;
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
