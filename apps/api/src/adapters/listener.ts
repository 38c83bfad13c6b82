import type { Context } from 'hono';
import type { ClientAddress } from '../http/client-identity.js';
import type { ApiLimits } from '../limits.js';

/** What `startServer` needs from a runtime: how to listen, and what the runtime knows of a request. */
export interface RuntimeAdapter {
  /** `node`, `bun` or `deno`. */
  runtime: string;
  clientAddress: ClientAddress;
  onEventStream?: (c: Context) => void;
  listen(fetch: FetchHandler, options: ListenOptions): Promise<Listening>;
}

export type FetchHandler = (request: Request, env?: unknown) => Response | Promise<Response>;

export interface ListenOptions {
  host: string;
  port: number;
  limits: ApiLimits;
}

export interface Listening {
  /** The bound address and port. */
  host: string;
  port: number;
  /** Connections open right now, where the runtime can count them. */
  readonly connections: number | undefined;
  /** Stops accepting and closes idle connections; resolves once the listening socket is closed. */
  stopAccepting(): Promise<void>;
  /** Closes connections with no request in flight (event streams end once their runs have). */
  closeIdle(): void;
  /** Cuts every connection still open. */
  closeAll(): void;
}
