import type { MiddlewareHandler } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { HTTPException } from 'hono/http-exception';
import { ApiHttpError } from './api-http-error.js';

const JSON_MEDIA_TYPE = /^application\/([\w.+-]+\+)?json\s*(;|$)/i;

/** 413 past `maxBytes`, before anything reads the body. */
export function limitBody(maxBytes: number): MiddlewareHandler {
  const limit = bodyLimit({
    maxSize: maxBytes,
    onError() {
      throw new ApiHttpError(413, 'payload_too_large', `the request body is larger than ${maxBytes} bytes`);
    },
  });
  return async (c, next) => {
    try {
      // Without Content-Length the limit reads the body itself, so a client hanging up mid-body fails here.
      await limit(c, async () => {});
    } catch (error) {
      throw asBodyError(error);
    }
    await next();
  };
}

/**
 * A body that cannot be read (the client sent less than its Content-Length, then hung up) is the
 * client's doing: a 400, never a 500 logged as our bug.
 */
export function asBodyError(error: unknown): unknown {
  if (error instanceof ApiHttpError || error instanceof HTTPException) return error;
  const reason = error instanceof Error && error.message ? ` (${error.message})` : '';
  return new ApiHttpError(400, 'invalid_request', `the request body ended before it was complete${reason}`);
}

/**
 * Accepts a JSON body or no body at all (all config fields are optional), answers 415 for any other
 * media type and 400 for JSON that does not parse. Parsing here lets the message say what is wrong;
 * Hono caches the parsed body, so the schema validator after us does not read it twice.
 */
export function jsonBody(): MiddlewareHandler {
  return async (c, next) => {
    const contentType = c.req.header('content-type');
    if (!contentType) {
      if (await hasBody(c.req.raw)) {
        throw new ApiHttpError(
          415,
          'unsupported_media_type',
          'send the body as JSON with Content-Type: application/json',
        );
      }
      return next();
    }
    if (!JSON_MEDIA_TYPE.test(contentType)) {
      throw new ApiHttpError(
        415,
        'unsupported_media_type',
        `the body must be JSON (Content-Type: application/json), not ${contentType.split(';')[0]}`,
      );
    }
    try {
      await c.req.json();
    } catch (error) {
      if (!(error instanceof SyntaxError)) throw asBodyError(error);
      throw new ApiHttpError(400, 'invalid_json', `the request body is not valid JSON: ${error.message}`);
    }
    return next();
  };
}

async function hasBody(request: Request): Promise<boolean> {
  if (!request.body) return false;
  const length = request.headers.get('content-length');
  if (length !== null) return Number(length) > 0;
  try {
    return (await request.clone().arrayBuffer()).byteLength > 0;
  } catch (error) {
    throw asBodyError(error);
  }
}
