/**
 * Who a request comes from, for the per-client limits: the token it carries when the server has
 * tokens (so clients behind one proxy or NAT are still told apart), else its address. The address
 * comes from the runtime's adapter (Node, Bun and Deno each know it differently), or, when that
 * address is a trusted proxy, from what the proxy forwarded (see `forwarded-client.ts`).
 */
import type { Context, MiddlewareHandler } from 'hono';
import { timingSafeEqual } from 'hono/utils/buffer';
import { type RemoteParty, remoteParty } from './forwarded-client.js';
import { TrustedProxies } from './trusted-proxies.js';

/** The remote address of the connection a request came on, when the runtime knows it. */
export type ClientAddress = (c: Context) => string | undefined;

export type ApiEnv = { Variables: { client: string; remote: RemoteParty } };

/** Requests whose address is unknown (in-process `app.request`, say) share one key. */
export const UNKNOWN_ADDRESS = 'unknown';

/** Sets `remote`: the client's address and scheme, read through trusted proxies only. */
export function resolveRemote(
  clientAddress: ClientAddress,
  trusted: TrustedProxies = TrustedProxies.none,
): MiddlewareHandler<ApiEnv> {
  return async (c, next) => {
    let peer: string | undefined;
    try {
      peer = clientAddress(c) || undefined;
    } catch {
      peer = undefined;
    }
    c.set(
      'remote',
      remoteParty(peer, (name) => c.req.header(name), trusted),
    );
    await next();
  };
}

/** Sets `client`, the per-client key: `token:<n>`, else `address:<address>`. Runs after `resolveRemote`. */
export function identifyClient(tokens: readonly string[]): MiddlewareHandler<ApiEnv> {
  return async (c, next) => {
    const address = `address:${c.var.remote?.address ?? UNKNOWN_ADDRESS}`;
    c.set('client', (await tokenKey(c.req.header('authorization'), tokens)) ?? address);
    await next();
  };
}

/** `token:<n>` for the n-th configured token, compared in constant time; never the token itself. */
async function tokenKey(header: string | undefined, tokens: readonly string[]): Promise<string | undefined> {
  const presented = /^Bearer +(\S+) *$/i.exec(header ?? '')?.[1];
  if (presented === undefined) return undefined;
  for (const [index, token] of tokens.entries()) {
    if (await timingSafeEqual(token, presented)) return `token:${index + 1}`;
  }
  return undefined;
}
