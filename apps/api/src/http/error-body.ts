import type { ApiError, FieldIssue } from '@racelab/schema';
import type { Context } from 'hono';
import type { ApiHttpError } from './api-http-error.js';

export function errorBody(code: string, message: string, details?: FieldIssue[]): ApiError {
  return { error: { code, message, ...(details && details.length > 0 ? { details } : {}) } };
}

export function respondWithError(c: Context, error: ApiHttpError): Response {
  return c.json(errorBody(error.code, error.message, error.details), error.status, error.headers);
}
