import { ApiErrorSchema } from '@racelab/schema';

const ERROR_DESCRIPTIONS = {
  400: 'Invalid input: `details` names each bad field and its allowed range.',
  404: 'No such run: unknown id, or dropped from the in-memory history.',
  409: 'The run already ended.',
  413: 'The body is larger than the server accepts.',
  415: 'The body is not JSON.',
  429: 'The run queue is full; `Retry-After` says when to try again.',
  503: 'The server is shutting down.',
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
