/**
 * The only place that listens on a socket. Shutdown order matters: stop accepting, cancel every
 * run (which ends their SSE streams with a final event), end every worker thread, and only then
 * drop connections that are still open.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { getRequestListener } from '@hono/node-server';
import { CONFIG_BOUNDS } from '@racelab/schema';
import { createApp } from './app.js';
import { bindProblem } from './bind-policy.js';
import { answerMalformedRequests, answerUnbuildableRequest } from './http/malformed-requests.js';
import type { LogLine } from './http/request-log.js';
import type { ApiLimits } from './limits.js';
import { RunQueue } from './runs/run-queue.js';

export interface ServerOptions {
  /** Default 8787; 0 picks a free port. */
  port?: number;
  /**
   * Default 127.0.0.1: experiments burn CPU, so the server is not exposed unless you say so. Any
   * other address needs `allowRemote` and a `token`, or `startServer` throws.
   */
  host?: string;
  allowRemote?: boolean;
  /** When set, `POST /runs` and `DELETE /runs/{id}` need `Authorization: Bearer <token>`. */
  token?: string | undefined;
  limits?: Partial<ApiLimits>;
  log?: LogLine | false;
  corsOrigins?: string[];
}

export interface RunningServer {
  /** e.g. `http://127.0.0.1:8787`. */
  url: string;
  queue: RunQueue;
  /** Idempotent; resolves once every worker thread has ended and the socket is closed. */
  close(): Promise<void>;
}

export const DEFAULT_PORT = 8787;
export const DEFAULT_HOST = '127.0.0.1';
/** Connections still open this long after the runs have ended are cut. */
const CONNECTION_GRACE_MS = 500;
/** Past this, a shutdown that is somehow stuck gives up and exits anyway: "prompt" means under 2 s. */
const SHUTDOWN_DEADLINE_MS = 1_500;

export async function startServer(options: ServerOptions = {}): Promise<RunningServer> {
  const host = options.host ?? DEFAULT_HOST;
  const problem = bindProblem({ host, allowRemote: options.allowRemote ?? false, token: options.token });
  if (problem) throw new Error(problem);
  const queue = new RunQueue({ limits: options.limits ?? {} });
  const app = createApp({
    queue,
    token: options.token,
    ...(options.log === undefined ? {} : { log: options.log }),
    ...(options.corsOrigins ? { corsOrigins: options.corsOrigins } : {}),
  });
  // `serve()` without its sugar, for the adapter's errorHandler: serve() does not pass one through.
  const listener = getRequestListener(app.fetch, { hostname: host, errorHandler: answerUnbuildableRequest });
  const server = createServer(listener);
  answerMalformedRequests(server);
  const address = await new Promise<AddressInfo>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? DEFAULT_PORT, host, () => {
      server.off('error', reject);
      resolve(server.address() as AddressInfo);
    });
  }).catch(async (error: unknown) => {
    await queue.close();
    throw error;
  });
  // The first default run should not pay for thread start-up either.
  queue.runner.warm(CONFIG_BOUNDS.workers.default).catch(() => {});

  let closing: Promise<void> | undefined;
  const close = () => {
    closing ??= shutDown(server, queue);
    return closing;
  };
  const urlHost = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  return { url: `http://${urlHost}:${address.port}`, queue, close };
}

async function shutDown(server: Server, queue: RunQueue): Promise<void> {
  const closed = new Promise<void>((resolve) => server.close(() => resolve()));
  server.closeIdleConnections();
  await queue.close();
  // SSE responses have just ended with their final event; their sockets are idle keep-alives now.
  server.closeIdleConnections();
  const grace = setTimeout(() => server.closeAllConnections(), CONNECTION_GRACE_MS);
  await closed;
  clearTimeout(grace);
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
