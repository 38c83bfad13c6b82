/**
 * The one place errors become responses: every failure, from a bad flag in a body to an unknown
 * route, answers with the contract's `{ error: { code, message, details? } }`, and nothing a client
 * sends can produce a stack trace or a 5xx.
 */
import type { Context, ErrorHandler, NotFoundHandler } from 'hono';
import { HTTPException } from 'hono/http-exception';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import { storeHttpError } from '../store/store-errors.js';
import { ApiHttpError } from './api-http-error.js';
import { errorBody, respondWithError } from './error-body.js';
import type { LogLine } from './request-log.js';

/** Codes for Hono's own refusals, which know their status but not the contract's code. */
const CODE_BY_STATUS: Partial<Record<number, string>> = {
  400: 'invalid_request',
  404: 'not_found',
  405: 'method_not_allowed',
  413: 'payload_too_large',
  415: 'unsupported_media_type',
};

/** Our errors carry their own answer; Hono's `HTTPException`s below 500 are the client's doing too. */
export function toApiHttpError(error: unknown): ApiHttpError | undefined {
  if (error instanceof ApiHttpError) return error;
  if (error instanceof HTTPException && error.status < 500) {
    const status = error.status as ContentfulStatusCode;
    return new ApiHttpError(status, CODE_BY_STATUS[status] ?? 'invalid_request', error.message || 'bad request');
  }
  return storeHttpError(error);
}

export function handleErrors(log: LogLine): ErrorHandler {
  return (error, c) => {
    const known = toApiHttpError(error);
    if (known) return respondWithError(c, known);
    // Our bug, not the client's: log it in full here, tell the client only that it happened.
    log(`internal error on ${c.req.method} ${c.req.path}: ${error.stack ?? error.message}`);
    return c.json(errorBody('internal', 'internal server error'), 500);
  };
}

export const handleNotFound: NotFoundHandler = (c) =>
  c.json(
    errorBody('not_found', `no route for ${c.req.method} ${c.req.path}; the routes are listed at /openapi.json`),
    404,
  );

export function handleMethodNotAllowed(c: Context, methods: string[]): Response {
  return c.json(
    errorBody('method_not_allowed', `${c.req.method} is not allowed on ${c.req.path}; allowed: ${methods.join(', ')}`),
    405,
    { Allow: methods.join(', ') },
  );
}
