/**
 * `Strict-Transport-Security` only on https: browsers ignore it over plain http (RFC 6797 §8.1), so
 * there it would only claim a protection the connection does not have. https means the request URL
 * itself, or a trusted proxy saying `proto=https` / `X-Forwarded-Proto: https`.
 */
import type { MiddlewareHandler } from 'hono';
import type { ApiEnv } from './client-identity.js';

/** Hono's `secureHeaders` default: 180 days, subdomains included. */
export const STRICT_TRANSPORT_SECURITY = 'max-age=15552000; includeSubDomains';

export function strictTransportOnHttps(): MiddlewareHandler<ApiEnv> {
  return async (c, next) => {
    await next();
    const https = c.var.remote?.proto === 'https' || new URL(c.req.url).protocol === 'https:';
    if (https) c.res.headers.set('Strict-Transport-Security', STRICT_TRANSPORT_SECURITY);
  };
}
