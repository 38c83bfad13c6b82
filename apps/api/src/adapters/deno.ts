/**
 * Deno: `Deno.serve` with the app's `fetch`; the handler's second argument (`Deno.ServeHandlerInfo`)
 * reaches the app as `c.env` and carries the client's address, read here directly (Hono's
 * `hono/deno` helper for it is deprecated, and its successor package is not published on npm).
 * Deno exposes no connection timeouts or caps, so only the app's own
 * limits apply here (see the README).
 */
import type { Listening, RuntimeAdapter } from './listener.js';

/** The part of `Deno.ServeHandlerInfo` used here. */
interface DenoServeHandlerInfo {
  remoteAddr?: { hostname?: string };
}

interface DenoServer {
  addr: { hostname: string; port: number };
  finished: Promise<void>;
  shutdown(): Promise<void>;
}

interface DenoGlobal {
  serve(
    options: { hostname: string; port: number; signal: AbortSignal; onListen?: () => void },
    handler: (request: Request, info: DenoServeHandlerInfo) => Response | Promise<Response>,
  ): DenoServer;
}

export const denoAdapter: RuntimeAdapter = {
  runtime: 'deno',
  clientAddress: (c) => (c.env as DenoServeHandlerInfo | undefined)?.remoteAddr?.hostname,
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
