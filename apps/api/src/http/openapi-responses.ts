import { ApiErrorSchema } from '@racelab/schema';

export const ERROR_DESCRIPTIONS = {
  400: 'Invalid input: `details` names each bad field and its allowed range. Code `invalid_config`, `trace_too_large` for a traced run whose workers × iterations is over 16,777,216, or `unknown_host` for a `hosts` name the lab does not know.',
  401: 'This server has a token and the request did not carry it (`Authorization: Bearer <token>`).',
  404: 'No such run: neither this server nor its run store knows the id.',
  409: 'The run already ended (DELETE), a run with this id is already in the notebook (POST /results), or `hosts: "all"` found no live host (`no_live_hosts`, POST /runs).',
  413: 'The body is larger than the server accepts.',
  415: 'The body is not JSON.',
  429: 'The run queue is full, or you hold your share of it, of event streams or of results recorded a minute; `Retry-After` says when to try again.',
  408: 'The request head, or the whole request, took too long to arrive; the connection is closed.',
  431: 'The request headers are larger than the server accepts.',
  503: 'The server is shutting down, has its maximum of connections open, or the run store is unavailable (`store_unavailable`: history cannot be read, and new runs are refused once the buffer of runs waiting for the store is full); `Retry-After` says when to try again.',
} as const;

type ErrorStatus = keyof typeof ERROR_DESCRIPTIONS;

export interface ErrorResponse {
  description: string;
  content: { 'application/json': { schema: typeof ApiErrorSchema } };
}

/** The OpenAPI `responses` entries of the errors a route can answer with, all in the contract's body. */
export function errorResponses<const S extends ErrorStatus>(...statuses: S[]): Record<S, ErrorResponse> {
  const responses = {} as Record<S, ErrorResponse>;
  for (const status of statuses) {
    responses[status] = {
      description: ERROR_DESCRIPTIONS[status],
      content: { 'application/json': { schema: ApiErrorSchema } },
    };
  }
  return responses;
}

export function jsonContent<T>(schema: T, description: string) {
  return { description, content: { 'application/json': { schema } } };
}

/** The scheme `POST /runs`, `DELETE /runs/{id}` and `POST /results` declare; registered on the app by `mountDocs`. */
export const BEARER_SCHEME = 'bearerAuth';

export const bearerSecurityScheme = {
  type: 'http',
  scheme: 'bearer',
  description: [
    'Needed to start, cancel or record runs when the server was started with a token (`--token` or',
    '`RACELAB_API_TOKEN`; always the case on an address beyond loopback). A server without a token',
    'ignores it. Reads never need it.',
  ].join(' '),
} as const;

export const requiresToken = [{ [BEARER_SCHEME]: [] }];
