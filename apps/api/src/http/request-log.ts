import type { MiddlewareHandler } from 'hono';

export type LogLine = (line: string) => void;

export const logToStderr: LogLine = (line) => process.stderr.write(`${line}\n`);

/** One line per request, after the response is ready (for SSE: when the stream starts). */
export function requestLog(write: LogLine): MiddlewareHandler {
  return async (c, next) => {
    const startedAt = performance.now();
    await next();
    const ms = (performance.now() - startedAt).toFixed(1);
    const requestId = c.res.headers.get('x-request-id') ?? '-';
    write(`${c.req.method} ${c.req.path} ${c.res.status} ${ms}ms ${requestId}`);
  };
}
