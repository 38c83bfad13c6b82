/**
 * Node: `@hono/node-server`'s request listener on a plain `http.Server`, so that the server's own
 * timeouts apply (head, whole request, keep-alive idle), plus a cap on open connections in all and
 * per address, answered 503 in the contract's body and closed before any byte is parsed.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { getRequestListener } from '@hono/node-server';
import { getConnInfo } from '@hono/node-server/conninfo';
import { limitConnections } from '../http/connection-limits.js';
import { answerMalformedRequests, answerUnbuildableRequest } from '../http/malformed-requests.js';
import type { Listening, ListenOptions, RuntimeAdapter } from './listener.js';

/** How often Node looks for requests past their timeouts: a stalled client is dropped within this of its limit. */
export function connectionsCheckingInterval(headersTimeoutMs: number): number {
  return Math.min(1_000, Math.max(10, Math.floor(headersTimeoutMs / 4)));
}

export const nodeAdapter: RuntimeAdapter = {
  runtime: 'node',
  clientAddress: (c) => getConnInfo(c).remote.address,
  async listen(fetch, { host, port, limits }: ListenOptions): Promise<Listening> {
    // `serve()` without its sugar, for the adapter's errorHandler: serve() does not pass one through.
    const listener = getRequestListener(fetch, { hostname: host, errorHandler: answerUnbuildableRequest });
    const server = createServer(
      {
        headersTimeout: limits.headersTimeoutMs,
        requestTimeout: limits.requestTimeoutMs,
        keepAliveTimeout: limits.keepAliveTimeoutMs,
        connectionsCheckingInterval: connectionsCheckingInterval(limits.headersTimeoutMs),
      },
      listener,
    );
    answerMalformedRequests(server);
    const connections = limitConnections(server, limits);
    const address = await new Promise<AddressInfo>((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, host, () => {
        server.off('error', reject);
        resolve(server.address() as AddressInfo);
      });
    });
    const closed = new Promise<void>((resolve) => server.once('close', () => resolve()));
    return {
      host: address.address,
      port: address.port,
      get connections() {
        return connections.open;
      },
      async stopAccepting() {
        server.close();
        server.closeIdleConnections();
        await closed;
      },
      closeIdle: () => server.closeIdleConnections(),
      closeAll: () => server.closeAllConnections(),
    };
  },
};
