/**
 * Test and bench support: a lab of real hosts. Starts a throwaway PostgreSQL (as the store's tests
 * do) and `racelab-api` processes from the build, each on its own loopback address (127.0.0.1, .2,
 * .3…), all on one database. Nothing here is mocked: the hosts are the bin users run, on Node.js by
 * default, or on Bun or Deno (`runtime` per host, or `RACELAB_LAB_RUNTIMES` for a whole suite).
 */
import { type ChildProcessWithoutNullStreams, spawn } from 'node:child_process';
import { createTestDatabase, type PostgresServer, startPostgresServer } from '@racelab/store/testing';
import { CLI } from './cli-process.js';
import { type HostRuntime, labRuntimesFromEnvironment, runtimeCommand } from './runtimes.js';

/** The increment ceiling of the hosts the lab tests start: room for a 2 × 10^10 long run. */
export const LAB_MAX_INCREMENTS = 20_000_000_000;

export interface LabHostProcess {
  name: string;
  runtime: HostRuntime;
  child: ChildProcessWithoutNullStreams;
  url: string;
  stderr: () => string;
  /** Resolves with the exit code (or signal) once the process has exited. */
  exited: Promise<number | string>;
}

export interface StartHostOptions {
  name: string;
  /** 127.0.0.N */
  address: string;
  leaseSeconds?: number;
  extraArgs?: string[];
  env?: Record<string, string>;
  /** The runtime that runs the host; default the one this name ran on before, else the harness's next. */
  runtime?: HostRuntime;
  /** How long it may take to listen before it is killed (default 90 s: generous, not a speed claim). */
  startMs?: number;
}

export class LabHarness {
  readonly hosts = new Map<string, LabHostProcess>();
  /** Hosts spawned that have not said where they listen yet. */
  readonly starting = new Map<ChildProcessWithoutNullStreams, Promise<number | string>>();
  readonly #runtimeOf = new Map<string, HostRuntime>();

  private constructor(
    readonly server: PostgresServer,
    readonly databaseUrl: string,
    /** Hosts started without a `runtime` take these in turn. */
    readonly runtimes: readonly HostRuntime[],
  ) {}

  /**
   * A PostgreSQL server of its own (tests restart it) and an empty database; undefined without
   * PostgreSQL. Hosts run on `runtimes` in turn (default: `RACELAB_LAB_RUNTIMES`, else this Node.js).
   */
  static async start(runtimes: readonly HostRuntime[] = labRuntimesFromEnvironment()): Promise<LabHarness | undefined> {
    if (runtimes.length === 0) throw new RangeError('a lab needs at least one runtime for its hosts');
    const server = await startPostgresServer();
    if (!server) return undefined;
    try {
      const database = await createTestDatabase(server.url, 'lab');
      return new LabHarness(server, database.url, runtimes);
    } catch (error) {
      await server.remove().catch(() => {});
      throw error;
    }
  }

  /**
   * Starts a host and resolves once it listens (it has joined the lab by then). A host that exits
   * first rejects with `HostExitedError`; one that neither listens nor exits within `startMs` is
   * killed and rejects. Until it listens it is in `starting`, so `close()` stops it too.
   */
  async startHost({
    name,
    address,
    leaseSeconds = 10,
    extraArgs = [],
    env = {},
    runtime = this.#runtimeFor(name),
    startMs = 90_000,
  }: StartHostOptions): Promise<LabHostProcess> {
    this.#runtimeOf.set(name, runtime);
    const [command, args] = runtimeCommand(runtime, CLI, [
      '--port',
      '0',
      '--host',
      address,
      '--database',
      this.databaseUrl,
      '--host-name',
      name,
      '--lease-seconds',
      String(leaseSeconds),
      // Admits the tests' long runs, which are long by construction rather than by machine speed.
      '--max-increments',
      String(LAB_MAX_INCREMENTS),
      ...extraArgs,
    ]);
    const child = spawn(command, args, {
      env: { ...process.env, HOST: '', RACELAB_API_TOKEN: '', RACELAB_DATABASE_URL: '', ...env },
    });
    let stderr = '';
    const exited = new Promise<number | string>((resolve) => {
      child.once('exit', (code, signal) => resolve(code ?? signal ?? -1));
      // Not started at all (no such binary): no 'exit' follows.
      child.once('error', (error) => {
        if (child.pid === undefined) resolve(`spawn failed: ${error.message}`);
      });
    });
    this.starting.set(child, exited);
    let timer: ReturnType<typeof setTimeout> | undefined;
    try {
      const url = await new Promise<string>((resolve, reject) => {
        child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
          stderr += chunk;
          const match = /listening on (http:\/\/\S+)/.exec(stderr);
          if (match?.[1]) resolve(match[1]);
        });
        void exited.then((code) => reject(new HostExitedError(code, stderr)));
        timer = setTimeout(() => {
          child.kill('SIGKILL');
          reject(new Error(`host ${name} (${runtime.name}) did not listen within ${startMs} ms: ${stderr}`));
        }, startMs);
      });
      const host = { name, runtime, child, url, stderr: () => stderr, exited };
      this.hosts.set(name, host);
      return host;
    } finally {
      clearTimeout(timer);
      this.starting.delete(child);
    }
  }

  /** The runtime a host of this name ran on before (a restart keeps it), else the next in turn. */
  #runtimeFor(name: string): HostRuntime {
    const before = this.#runtimeOf.get(name);
    if (before) return before;
    return this.runtimes[this.#runtimeOf.size % this.runtimes.length] as HostRuntime;
  }

  /** Starts a host expected to refuse: resolves with its exit code and what it said. */
  async startRefused(options: StartHostOptions): Promise<{ code: number | string; stderr: string }> {
    try {
      const host = await this.startHost(options);
      host.child.kill('SIGKILL');
      throw new Error(`host ${options.name} started instead of refusing`);
    } catch (error) {
      if (error instanceof HostExitedError) return { code: error.code, stderr: error.stderr };
      throw error;
    }
  }

  /** SIGTERM (clean) or SIGKILL (a crash), and wait for the exit. */
  async stopHost(name: string, signal: 'SIGTERM' | 'SIGKILL' = 'SIGTERM'): Promise<number | string> {
    const host = this.hosts.get(name);
    if (!host) throw new Error(`no host ${name}`);
    this.hosts.delete(name);
    host.child.kill(signal);
    return host.exited;
  }

  /** Kills every host (started or starting) and removes the PostgreSQL server with its data. */
  async close(): Promise<void> {
    const starting = [...this.starting].map(([child, exited]) => {
      child.kill('SIGKILL');
      return exited;
    });
    await Promise.all([...starting, ...[...this.hosts.keys()].map((name) => this.stopHost(name, 'SIGKILL'))]);
    await this.server.remove();
  }
}

export class HostExitedError extends Error {
  constructor(
    readonly code: number | string,
    readonly stderr: string,
  ) {
    super(`host exited early (${code}): ${stderr}`);
  }
}

/** JSON over HTTP, with the status. */
export async function call<T = unknown>(
  url: string,
  init: { method?: string; body?: unknown; headers?: Record<string, string> } = {},
): Promise<{ status: number; body: T }> {
  const response = await fetch(url, {
    method: init.method ?? 'GET',
    headers: { ...(init.body === undefined ? {} : { 'content-type': 'application/json' }), ...init.headers },
    ...(init.body === undefined ? {} : { body: JSON.stringify(init.body) }),
  });
  const text = await response.text();
  return { status: response.status, body: (text ? JSON.parse(text) : undefined) as T };
}

export interface ServerSentEvent {
  event: string;
  data: string;
  /** The event's `id:` line (a resuming client sends it back as `Last-Event-ID`), if it had one. */
  id?: string;
  /** performance.now() when it arrived. */
  at: number;
}

/** Reads a Server-Sent Events stream event by event until it ends (or `signal` aborts). */
export async function* readEvents(
  url: string,
  signal?: AbortSignal,
  headers: Record<string, string> = {},
): AsyncGenerator<ServerSentEvent> {
  const response = await fetch(url, signal ? { signal, headers } : { headers });
  if (!response.ok || !response.body) throw new Error(`GET ${url}: ${response.status}`);
  const decoder = new TextDecoder();
  let buffer = '';
  for await (const chunk of response.body as unknown as AsyncIterable<Uint8Array>) {
    buffer += decoder.decode(chunk, { stream: true });
    let end = buffer.indexOf('\n\n');
    while (end >= 0) {
      const block = buffer.slice(0, end);
      buffer = buffer.slice(end + 2);
      end = buffer.indexOf('\n\n');
      let event = 'message';
      let id: string | undefined;
      const data: string[] = [];
      for (const line of block.split('\n')) {
        if (line.startsWith('event:')) event = line.slice(6).trim();
        else if (line.startsWith('id:')) id = line.slice(3).trim();
        else if (line.startsWith('data:')) data.push(line.slice(5).trimStart());
      }
      if (data.length > 0)
        yield { event, data: data.join('\n'), at: performance.now(), ...(id === undefined ? {} : { id }) };
    }
  }
}

/** A run's event stream being read: what it has shown, and its end (every event, once it closes). */
export interface FollowedStream {
  events: ServerSentEvent[];
  done: Promise<ServerSentEvent[]>;
  /** Settles at the first progress event, or when the stream ends without one. */
  running: Promise<void>;
}

/** Opens `url` (a run's `/events`) and keeps reading it. */
export function followStream(url: string): FollowedStream {
  const events: ServerSentEvent[] = [];
  let seenRunning!: () => void;
  const progress = new Promise<void>((resolve) => {
    seenRunning = resolve;
  });
  const done = (async () => {
    for await (const event of readEvents(url)) {
      events.push(event);
      if (event.event === 'progress') seenRunning();
    }
    return events;
  })();
  return { events, done, running: Promise.race([progress, done.then(() => undefined)]) };
}
