import type { FieldIssue } from '@racelab/schema';
import type { ContentfulStatusCode } from 'hono/utils/http-status';

export interface ApiHttpErrorOptions {
  /** One entry per bad field, for 400s. */
  details?: FieldIssue[];
  /** Sent with the answer (`Retry-After`, `WWW-Authenticate`, `Allow`…). */
  headers?: Record<string, string>;
  cause?: unknown;
}

/**
 * An error that knows how it is answered, as Hono's `HTTPException` does: its HTTP status, the
 * contract's error `code`, and any headers. Thrown anywhere below the app; `onError` only reads it.
 */
export class ApiHttpError extends Error {
  override name = 'ApiHttpError';
  readonly details: FieldIssue[] | undefined;
  readonly headers: Record<string, string>;

  constructor(
    readonly status: ContentfulStatusCode,
    readonly code: string,
    message: string,
    options: ApiHttpErrorOptions = {},
  ) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.details = options.details;
    this.headers = options.headers ?? {};
  }
}
