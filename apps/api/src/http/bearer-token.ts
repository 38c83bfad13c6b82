/**
 * Optional bearer-token check on the routes that start or cancel runs (reads stay open). Hono's
 * `bearerAuth` reads the header and answers the challenge; the comparison is ours (SHA-256 digests
 * compared in constant time, see below); this wrapper also turns its failures into the contract's
 * error body.
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import type { MiddlewareHandler } from 'hono';
import { bearerAuth } from 'hono/bearer-auth';
import { HTTPException } from 'hono/http-exception';
import { ApiHttpError } from './api-http-error.js';

/** RFC 6750's `b64token`: a token with other characters could never be sent in a Bearer header. */
const TOKEN_CHARACTERS = /^[A-Za-z0-9._~+/-]+=*$/;
/** Short tokens can be guessed; 16 characters of hex are 64 bits. */
export const MIN_TOKEN_LENGTH = 16;
const REALM = 'racelab';

/** Why `token` cannot be used, or undefined when it can. */
export function tokenProblem(token: string): string | undefined {
  if (token.length < MIN_TOKEN_LENGTH) return `the token must be at least ${MIN_TOKEN_LENGTH} characters long`;
  if (!TOKEN_CHARACTERS.test(token)) return 'the token may use only letters, digits and - . _ ~ + / (then = padding)';
  return undefined;
}

/** Any one of `tokens` lets a request through (one per user, so each gets its own per-client share). */
export function requireBearerToken(tokens: string | readonly string[]): MiddlewareHandler {
  const list = typeof tokens === 'string' ? [tokens] : [...tokens];
  if (list.length === 0) throw new Error('no token given');
  const problem = list.map(tokenProblem).find((found) => found !== undefined);
  if (problem) throw new Error(problem);
  // Each token's digest once, here; per request only the presented token is hashed, then compared
  // with every digest in constant time (no early exit, equal lengths). Hono's own list check hashes
  // each configured token again with WebCrypto on every request (two digests per token): with many
  // tokens, hundreds of async digests a request, which on Deno queue behind busy cores.
  const digests = list.map(sha256);
  const check = bearerAuth({
    realm: REALM,
    verifyToken: (token) => {
      const presented = sha256(token);
      let found = false;
      for (const digest of digests) found = timingSafeEqual(digest, presented) || found;
      return found;
    },
  });
  return async (c, next) => {
    try {
      // A stand-in for `next`, so only bearerAuth's own refusals are translated below.
      await check(c, async () => {});
    } catch (error) {
      if (!(error instanceof HTTPException)) throw error;
      throw unauthorized(c.req.header('authorization'), error.getResponse().headers.get('www-authenticate'));
    }
    await next();
  };
}

function sha256(text: string): Buffer {
  return createHash('sha256').update(text).digest();
}

function unauthorized(header: string | undefined, challenge: string | null): ApiHttpError {
  const headers = { 'WWW-Authenticate': challenge ?? `Bearer realm="${REALM}"` };
  if (!header) {
    return new ApiHttpError(
      401,
      'unauthorized',
      'this server requires a token to start or cancel runs: send Authorization: Bearer <token>',
      { headers },
    );
  }
  // Never echo the header back: it may hold a real token for another service.
  return new ApiHttpError(
    401,
    'invalid_token',
    'the Authorization header does not carry a valid Bearer token for this server',
    { headers },
  );
}
