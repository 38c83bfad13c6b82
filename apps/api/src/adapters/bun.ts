/**
 * Bun: `Bun.serve` with the app's `fetch`. Its server object reaches the app as `c.env` (the second
 * argument of `fetch`), and Bun's own API on it gives the client's address (`requestIP`) and lifts
 * the idle timeout of one request (`timeout`): Hono's `hono/bun` helpers that did the same are
 * deprecated, and their successor package is not published on npm.
 *
 * Bun has one connection timeout, `idleTimeout` (whole seconds, at most 255), which drops a client
 * that sends nothing for that long: it takes `headersTimeoutMs`. Event streams are exempted from it,
 * as they may wait longer than that for news. The other connection limits are Node's and do not
 * apply here (see the README).
 */
import type { Context } from 'hono';
import type { Listening, RuntimeAdapter } from './listener.js';

interface BunServer {
  hostname: string;
  port: number;
  pendingRequests: number;
  stop(closeActiveConnections?: boolean): Promise<void> | void;
  timeout(request: Request, seconds: number): void;
  requestIP(request: Request): { address: string; family: string; port: number } | null;
}

/** The server `Bun.serve` handed to `fetch` with this request, if the app runs under it. */
function bunServerOf(c: Context): BunServer | undefined {
  const server = c.env as Partial<BunServer> | undefined;
  return typeof server?.requestIP === 'function' ? (server as BunServer) : undefined;
}

interface BunGlobal {
  serve(options: {
    hostname: string;
    port: number;
    idleTimeout: number;
    fetch: (request: Request, server: BunServer) => Response | Promise<Response>;
  }): BunServer;
}

export function bunIdleTimeoutSeconds(headersTimeoutMs: number): number {
  return Math.min(255, Math.max(1, Math.ceil(headersTimeoutMs / 1000)));
}

export const bunAdapter: RuntimeAdapter = {
  runtime: 'bun',
  clientAddress: (c) => bunServerOf(c)?.requestIP(c.req.raw)?.address,
  onEventStream: (c) => bunServerOf(c)?.timeout(c.req.raw, 0),
  async listen(fetch, { host, port, limits }): Promise<Listening> {
    const { Bun } = globalThis as unknown as { Bun: BunGlobal };
    const server = Bun.serve({
      hostname: host,
      port,
      idleTimeout: bunIdleTimeoutSeconds(limits.headersTimeoutMs),
      fetch: (request, bunServer) => fetch(request, bunServer),
    });
    return {
      host: server.hostname,
      port: server.port,
      connections: undefined,
      async stopAccepting() {
        await server.stop(false);
      },
      closeIdle() {},
      closeAll() {
        void server.stop(true);
      },
    };
  },
};
