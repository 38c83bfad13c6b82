import type { ApiError, FieldIssue } from '@racelab/schema';
import type { Context } from 'hono';
import type { ContentfulStatusCode } from 'hono/utils/http-status';

/** An error to answer with: thrown from middleware and handlers, turned into the contract body by `onError`. */
export class ApiHttpError extends Error {
  override name = 'ApiHttpError';
  constructor(
    readonly status: ContentfulStatusCode,
    readonly code: string,
    message: string,
    readonly details?: FieldIssue[],
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
  }
}

export function errorBody(code: string, message: string, details?: FieldIssue[]): ApiError {
  return { error: { code, message, ...(details && details.length > 0 ? { details } : {}) } };
}

export function respondWithError(c: Context, error: ApiHttpError): Response {
  return c.json(errorBody(error.code, error.message, error.details), error.status, error.headers);
}
