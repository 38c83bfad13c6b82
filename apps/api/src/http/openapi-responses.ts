import { ApiErrorSchema } from '@racelab/schema';

const ERROR_DESCRIPTIONS = {
  400: 'Invalid input: `details` names each bad field and its allowed range.',
  401: 'This server has a token and the request did not carry it (`Authorization: Bearer <token>`).',
  404: 'No such run: neither this server nor its run store knows the id.',
  409: 'The run already ended (DELETE), or a run with this id is already in the notebook (POST /results).',
  413: 'The body is larger than the server accepts.',
  415: 'The body is not JSON.',
  429: 'The run queue is full, or you hold your share of it, of event streams or of results recorded a minute; `Retry-After` says when to try again.',
  503: 'The server is shutting down, or the run store is unavailable (`store_unavailable`, with `Retry-After`): history cannot be read, and new runs are refused once the buffer of runs waiting for the store is full.',
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

/** The scheme `POST /runs` and `DELETE /runs/{id}` declare; registered on the app by `mountDocs`. */
export const BEARER_SCHEME = 'bearerAuth';

export const bearerSecurityScheme = {
  type: 'http',
  scheme: 'bearer',
  description: [
    'Needed to start or cancel runs when the server was started with a token (`--token` or',
    '`RACELAB_API_TOKEN`; always the case on an address beyond loopback). A server without a token',
    'ignores it. Reads never need it.',
  ].join(' '),
} as const;

export const requiresToken = [{ [BEARER_SCHEME]: [] }];
