/**
 * The only place that listens on a socket, on Node, Bun or Deno (each through its adapter in
 * `adapters/`). Shutdown order matters: stop accepting, cancel every run (which ends their SSE
 * streams with a final event), end every worker thread, and only then drop connections still open.
 */
import { hostname } from 'node:os';
import { CONFIG_BOUNDS } from '@racelab/schema';
import { LabDatabase, openRunStore, type RunStore, resolveLocation } from '@racelab/store';
import type { RuntimeAdapter } from './adapters/listener.js';
import { createApp } from './app.js';
import { bindProblem } from './bind-policy.js';
import { type LogLine, logToStderr } from './http/request-log.js';
import { TrustedProxies } from './http/trusted-proxies.js';
import { hostIdentity, instanceId, isLive } from './lab/host-identity.js';
import type { Lab } from './lab/lab.js';
import { type ApiLimits, limitsProblem, resolveLimits } from './limits.js';
import { RunQueue } from './runs/run-queue.js';
import { Pruner, type Retention } from './store/pruner.js';
import { RunKeeper } from './store/run-keeper.js';
import { replaySpill, spillPath } from './store/spill-file.js';

export interface ServerOptions {
  /** Default 8787; 0 picks a free port. */
  port?: number;
  /**
   * Default 127.0.0.1: experiments burn CPU, so the server is not exposed unless you say so. Any
   * other address needs `allowRemote` and a `token`, or `startServer` throws.
   */
  host?: string;
  allowRemote?: boolean;
  /** When set, `POST /runs`, `DELETE /runs/{id}` and `POST /results` need `Authorization: Bearer <token>` (any one of them). */
  token?: string | readonly string[] | undefined;
  limits?: Partial<ApiLimits>;
  log?: LogLine | false;
  corsOrigins?: string[];
  /** Proxies whose forwarding headers name the client (see `AppOptions.trustProxy`); none by default. */
  trustProxy?: string | readonly string[] | undefined;
  /**
   * Where runs are kept (`--database`): `none` (memory only, `limits.maxHistory` ended runs), a path
   * or `file:` URL (SQLite), `postgres://…`; default `RACELAB_DATABASE_URL`, else the embedded SQLite
   * file `$XDG_DATA_HOME/racelab/racelab.db`. Ignored when `store` is given.
   */
  database?: string | undefined;
  /** An open store to use instead (tests); the server closes it when it closes. */
  store?: RunStore;
  /** This server's label, stored with each run (`--host-name`); default the machine's host name. */
  hostName?: string | undefined;
  /** `--keep-runs` / `--keep-days`: prune older ended runs in the background. Default: keep everything. */
  retention?: Retention;
  /**
   * On PostgreSQL this server joins the lab of every API sharing the database (default true there;
   * false keeps a local queue). A host silent for `leaseMs` (default 10 s) is lost.
   */
  lab?: boolean;
  leaseMs?: number;
  /**
   * Where runs the store could not take before shutdown are kept, and read back at the next start.
   * Default: beside an SQLite notebook, in racelab's data folder for PostgreSQL (see `spill-file.ts`);
   * none for `none` or a given `store` unless set here.
   */
  spillFile?: string | undefined;
}

export interface RunningServer {
  /** e.g. `http://127.0.0.1:8787`. */
  url: string;
  /** `node`, `bun` or `deno`. */
  runtime: string;
  queue: RunQueue;
  /** Where runs are kept: the store's engine and its location (never a password). */
  store: { engine: string; location: string };
  /** Runs of this host the store held queued or running at start-up, now `failed` (`interrupted`). */
  interrupted: number;
  /** This server's host label. */
  hostName: string;
  /** Set when this server is a host of a lab (PostgreSQL). */
  lab: Lab | undefined;
  /** Connections open right now (Node only; undefined elsewhere). */
  readonly connections: number | undefined;
  /** Idempotent; resolves once every worker thread has ended and the socket is closed. */
  close(): Promise<void>;
}

export const DEFAULT_PORT = 8787;
export const DEFAULT_HOST = '127.0.0.1';
/** Connections still open this long after the runs have ended are cut. */
const CONNECTION_GRACE_MS = 500;
/** Past this, a shutdown that is somehow stuck gives up and exits anyway: "prompt" means under 2 s. */
const SHUTDOWN_DEADLINE_MS = 1_500;

/** The adapter for the runtime this code runs on. */
async function runtimeAdapter(): Promise<RuntimeAdapter> {
  if ('Bun' in globalThis) return (await import('./adapters/bun.js')).bunAdapter;
  if ('Deno' in globalThis) return (await import('./adapters/deno.js')).denoAdapter;
  return (await import('./adapters/node.js')).nodeAdapter;
}

export async function startServer(options: ServerOptions = {}): Promise<RunningServer> {
  const host = options.host ?? DEFAULT_HOST;
  const tokens = options.token === undefined ? [] : typeof options.token === 'string' ? [options.token] : options.token;
  for (const token of tokens.length > 0 ? tokens : [undefined]) {
    const problem = bindProblem({ host, allowRemote: options.allowRemote ?? false, token });
    if (problem) throw new Error(problem);
  }
  // Throws a RangeError on a bad entry before anything starts.
  if (options.trustProxy !== undefined) TrustedProxies.parse(options.trustProxy);
  const limits = resolveLimits(options.limits);
  const problem = limitsProblem(limits);
  if (problem) throw new RangeError(problem);
  const adapter = await runtimeAdapter();
  const write: LogLine = options.log === false ? () => {} : (options.log ?? logToStderr);
  const hostName = options.hostName ?? hostname();
  const store = options.store ?? (await openRunStore(options.database, { memoryLimit: limits.maxHistory }));
  const location = options.store ? undefined : resolveLocation(options.database);
  const labUrl = location?.engine === 'postgres' && options.lab !== false ? location : undefined;
  const spillFile = options.spillFile ?? (location === undefined ? undefined : spillPath(location, hostName));
  // One process id for this server, in the notebook (outside a lab) or in the lab's hosts table.
  const instance = instanceId();
  const holdsName = !labUrl && store.engine === 'sqlite';
  let interrupted = 0;
  try {
    // Its name first: a second server of this name on this notebook stops here (host_name_taken),
    // before it could touch the first one's runs. (A lab host takes its name when it joins the lab.)
    if (holdsName) await store.claimHostName({ identity: hostIdentity(hostName), instance, isLive });
    // Runs a shutdown could not write (the database was away) go in next, before anything else.
    if (spillFile) await replaySpill(spillFile, store, write);
    // A run this host had queued or running when it last stopped will never end: say so in the store.
    // In a lab, queued runs wait in the lab's queue; the lab ends the one this host was running.
    if (!labUrl) interrupted = await store.markInterrupted(hostName);
  } catch (error) {
    await store.close().catch(() => {});
    throw error;
  }
  const pruner = new Pruner(store, options.retention ?? {}, { log: write });
  const keeper = new RunKeeper(store, {
    bufferSize: limits.storeBufferRuns,
    log: write,
    onEndedWritten: () => pruner.runEnded(),
    spillPath: spillFile,
    ...(holdsName ? { beforeClose: (kept: RunStore) => kept.releaseHostName(hostName, instance) } : {}),
  });
  const queue = new RunQueue({ limits, keeper, host: hostName, log: write });
  let lab: Lab | undefined;
  if (labUrl) {
    // Loaded only for a lab: a lone server never pays for the queue library.
    const { DEFAULT_LEASE_MS, Lab } = await import('./lab/lab.js');
    lab = new Lab({
      database: new LabDatabase(labUrl.url, labUrl.display),
      queue,
      identity: hostIdentity(hostName),
      instance,
      leaseMs: options.leaseMs ?? DEFAULT_LEASE_MS,
      log: write,
    });
    try {
      await lab.join();
    } catch (error) {
      await lab.close().catch(() => {});
      await pruner.close();
      await queue.close();
      throw error;
    }
  }
  const app = createApp({
    lab,
    hostName,
    queue,
    token: options.token,
    clientAddress: adapter.clientAddress,
    trustProxy: options.trustProxy,
    ...(adapter.onEventStream ? { onEventStream: adapter.onEventStream } : {}),
    ...(options.log === undefined ? {} : { log: options.log }),
    ...(options.corsOrigins ? { corsOrigins: options.corsOrigins } : {}),
  });
  const listening = await adapter
    .listen(app.fetch, { host, port: options.port ?? DEFAULT_PORT, limits })
    .catch(async (error: unknown) => {
      await lab?.close();
      await pruner.close();
      await queue.close();
      throw error;
    });
  // The first default run should not pay for thread start-up either.
  queue.runner.warm(CONFIG_BOUNDS.workers.default).catch(() => {});

  let closing: Promise<void> | undefined;
  const close = () => {
    closing ??= (async () => {
      const stopped = listening.stopAccepting();
      await pruner.close();
      // Stops taking the lab's jobs and cancels the run it is running; queued runs stay for the others.
      await lab?.close();
      // Cancels the runs (their ends are written), stops the workers, then flushes and closes the store.
      await queue.close();
      // SSE responses have just ended with their final event; their sockets are idle keep-alives now.
      listening.closeIdle();
      const grace = setTimeout(() => listening.closeAll(), CONNECTION_GRACE_MS);
      await stopped;
      clearTimeout(grace);
    })();
    return closing;
  };
  const urlHost = listening.host.includes(':') ? `[${listening.host}]` : listening.host;
  return {
    url: `http://${urlHost}:${listening.port}`,
    runtime: adapter.runtime,
    queue,
    store: { engine: store.engine, location: store.location },
    interrupted,
    hostName,
    lab,
    get connections() {
      return listening.connections;
    },
    close,
  };
}

/** SIGINT / SIGTERM: shut down gracefully; a second signal, or a stuck shutdown, exits at once. */
export function closeOnSignals(running: RunningServer, log: LogLine): void {
  let shuttingDown = false;
  const onSignal = (signal: NodeJS.Signals) => {
    if (shuttingDown) process.exit(1);
    shuttingDown = true;
    log(`${signal}: shutting down`);
    setTimeout(() => process.exit(1), SHUTDOWN_DEADLINE_MS).unref();
    running.close().then(
      () => process.exit(0),
      (error: unknown) => {
        log(`shutdown failed: ${error instanceof Error ? error.message : String(error)}`);
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
}
