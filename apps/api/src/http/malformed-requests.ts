/**
 * Requests that Node's HTTP parser rejects (broken request lines, bad Content-Length, oversized
 * headers, CONNECT), or that the Hono adapter cannot turn into a `Request` (a `*` or absolute
 * target, a Host header that is not a host), never reach the app, and would be answered with an
 * empty body. These answers carry the contract's error body instead, so every error a client can
 * see has one shape.
 */
import { type Server, STATUS_CODES } from 'node:http';
import type { Socket } from 'node:net';
import type { Duplex } from 'node:stream';
import { RequestError } from '@hono/node-server';
import { errorBody } from './error-body.js';

export function answerMalformedRequests(server: Server): void {
  server.on('clientError', (error: NodeJS.ErrnoException, socket: Duplex) => {
    // Node's own rule: once bytes of a response are out, a second status line would corrupt it.
    if (error.code === 'ECONNRESET' || !socket.writable || (socket as Socket).bytesWritten > 0) {
      socket.destroy();
      return;
    }
    if (error.code === 'HPE_HEADER_OVERFLOW') {
      writeError(socket, 431, 'headers_too_large', 'the request headers are larger than this server accepts');
    } else if (error.code === 'ERR_HTTP_REQUEST_TIMEOUT') {
      writeError(socket, 408, 'request_timeout', 'the request was not received in time');
    } else {
      writeError(socket, 400, 'invalid_request', `the request is not valid HTTP/1.1 (${error.code ?? 'parse error'})`);
    }
  });
  server.on('connect', (_request, socket: Duplex) => {
    writeError(socket, 405, 'method_not_allowed', 'CONNECT is not allowed: this server is not a proxy');
  });
}

/** The adapter's `errorHandler`: a `RequestError` is a request it could not build, i.e. the client's doing. */
export function answerUnbuildableRequest(error: unknown): Response {
  const headers = { 'X-Content-Type-Options': 'nosniff' };
  if (!(error instanceof RequestError)) {
    // Hono catches everything the app throws, so this is unreachable short of a bug in the adapter.
    return Response.json(errorBody('internal', 'internal server error'), { status: 500, headers });
  }
  const body = errorBody('invalid_request', `the request could not be understood: ${error.message}`);
  return Response.json(body, { status: 400, headers });
}

function writeError(socket: Duplex, status: number, code: string, message: string): void {
  // The client may reset the connection while this is written; unheard, that error would end the process.
  socket.on('error', () => socket.destroy());
  socket.end(rawErrorResponse(status, code, message), () => socket.destroy());
}

/** A whole HTTP/1.1 answer in the contract's body, for a socket no `Response` will be written to. */
export function rawErrorResponse(
  status: number,
  code: string,
  message: string,
  headers: Record<string, string> = {},
): string {
  const body = JSON.stringify(errorBody(code, message));
  const head = [
    `HTTP/1.1 ${status} ${STATUS_CODES[status]}`,
    'Content-Type: application/json',
    `Content-Length: ${Buffer.byteLength(body)}`,
    'X-Content-Type-Options: nosniff',
    ...Object.entries(headers).map(([name, value]) => `${name}: ${value}`),
    'Connection: close',
  ];
  return `${head.join('\r\n')}\r\n\r\n${body}`;
}
