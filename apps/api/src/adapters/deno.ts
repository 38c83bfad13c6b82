/**
 * Deno: `Deno.serve` with the app's `fetch` (its second argument carries the remote address, which
 * Hono's Deno helper reads). Deno exposes no connection timeouts or caps, so only the app's own
 * limits apply here (see the README).
 */
import { getConnInfo } from 'hono/deno';
import type { Listening, RuntimeAdapter } from './listener.js';

interface DenoServer {
  addr: { hostname: string; port: number };
  finished: Promise<void>;
  shutdown(): Promise<void>;
}

interface DenoGlobal {
  serve(
    options: { hostname: string; port: number; signal: AbortSignal; onListen?: () => void },
    handler: (request: Request, info: unknown) => Response | Promise<Response>,
  ): DenoServer;
}

export const denoAdapter: RuntimeAdapter = {
  runtime: 'deno',
  clientAddress: (c) => getConnInfo(c).remote.address,
  async listen(fetch, { host, port }): Promise<Listening> {
    const { Deno } = globalThis as unknown as { Deno: DenoGlobal };
    const cut = new AbortController();
    // onListen given, so Deno does not print its own "Listening on" line: the CLI says where it listens.
    const server = Deno.serve({ hostname: host, port, signal: cut.signal, onListen() {} }, (request, info) =>
      fetch(request, info),
    );
    return {
      host: server.addr.hostname,
      port: server.addr.port,
      connections: undefined,
      async stopAccepting() {
        await server.shutdown();
      },
      closeIdle() {},
      closeAll() {
        cut.abort();
      },
    };
  },
};
