/**
 * Who a request comes from, for the per-client limits: the token it carries when the server has
 * tokens (so clients behind one proxy or NAT are still told apart), else its address. The address
 * comes from the runtime's adapter (Node, Bun and Deno each know it differently).
 */
import type { Context, MiddlewareHandler } from 'hono';
import { timingSafeEqual } from 'hono/utils/buffer';

/** The remote address of the connection a request came on, when the runtime knows it. */
export type ClientAddress = (c: Context) => string | undefined;

export type ApiEnv = { Variables: { client: string } };

/** Requests whose address is unknown (in-process `app.request`, say) share one key. */
export const UNKNOWN_ADDRESS = 'unknown';

export function identifyClient(tokens: readonly string[], clientAddress: ClientAddress): MiddlewareHandler<ApiEnv> {
  return async (c, next) => {
    c.set('client', (await tokenKey(c.req.header('authorization'), tokens)) ?? addressKey(c, clientAddress));
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

function addressKey(c: Context, clientAddress: ClientAddress): string {
  let address: string | undefined;
  try {
    address = clientAddress(c);
  } catch {
    address = undefined;
  }
  // An IPv4 client on a dual-stack socket shows as ::ffff:a.b.c.d; it is the same client.
  return `address:${(address || UNKNOWN_ADDRESS).replace(/^::ffff:(?=\d+\.\d+\.\d+\.\d+$)/i, '')}`;
}
