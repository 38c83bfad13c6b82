/** The store's refusals as the API answers them: `store_unavailable` (503, with Retry-After). */
import { StoreError } from '@racelab/store';
import { ApiHttpError } from '../http/api-http-error.js';

/** The store is away and the buffer of runs waiting for it is full: no new run may start. */
export class StoreFullError extends ApiHttpError {
  override name = 'StoreFullError';
  constructor(bufferSize: number, retryAfterSeconds: number) {
    super(
      503,
      'store_unavailable',
      `the run store is unavailable and ${bufferSize} runs already wait to be written to it; no new run starts until it is back: retry in ${retryAfterSeconds} s`,
      { headers: { 'Retry-After': String(retryAfterSeconds) } },
    );
  }
}

/**
 * A `StoreError` as a client sees it: its own status and code. A store that is away is named without
 * its address or the driver's words (they stay in the server's log); a stored run that no longer
 * parses is the operator's problem, answered as an internal error.
 */
export function storeHttpError(error: unknown, retryAfterSeconds = 5): ApiHttpError | undefined {
  if (!(error instanceof StoreError)) return undefined;
  if (error.code === 'store_unavailable') {
    return new ApiHttpError(503, 'store_unavailable', `the run store is unavailable; retry in ${retryAfterSeconds} s`, {
      headers: { 'Retry-After': String(retryAfterSeconds) },
      cause: error,
    });
  }
  if (error.code === 'store_rejected' && error.status < 500) {
    // The driver's words and the database's address stay in the log.
    return new ApiHttpError(
      400,
      'store_rejected',
      'the run store refuses this: a value it cannot store, or a constraint it keeps',
      {
        cause: error,
      },
    );
  }
  if (error.status >= 500) return undefined;
  return new ApiHttpError(error.status as 400, error.code, error.message, { cause: error });
}
