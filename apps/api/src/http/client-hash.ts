import { createHash } from 'node:crypto';
import type { Context } from 'hono';
import type { ApiEnv } from './client-identity.js';

/**
 * Who sent a run, as the notebook keeps it: the first 16 hex digits of the SHA-256 of the client's
 * token (when it presented a valid one) or of its address. Enough to group one client's runs, never
 * the token itself. An address's hash is a pseudonym, not anonymity: the IPv4 space is small.
 */
export function clientHash(c: Context<ApiEnv>): string {
  const key = c.var.client;
  const token = key.startsWith('token:')
    ? /^Bearer +(\S+) *$/i.exec(c.req.header('authorization') ?? '')?.[1]
    : undefined;
  return createHash('sha256')
    .update(token === undefined ? key : `token:${token}`)
    .digest('hex')
    .slice(0, 16);
}
