/**
 * Bun: `Bun.serve` with the app's `fetch`, Hono's own adapter helpers for the client's address and
 * the server object. Bun has one connection timeout, `idleTimeout` (whole seconds, at most 255),
 * which drops a client that sends nothing for that long: it takes `headersTimeoutMs`. Event streams
 * are exempted from it, as they may wait longer than that for news. The other connection limits are
 * Node's and do not apply here (see the README).
 */
import { getBunServer, getConnInfo } from 'hono/bun';
import type { Listening, RuntimeAdapter } from './listener.js';

interface BunServer {
  hostname: string;
  port: number;
  pendingRequests: number;
  stop(closeActiveConnections?: boolean): Promise<void> | void;
  timeout(request: Request, seconds: number): void;
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
  clientAddress: (c) => getConnInfo(c).remote.address,
  onEventStream: (c) => getBunServer<BunServer>(c)?.timeout(c.req.raw, 0),
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
