/**
 * Requests that Node's HTTP parser rejects (broken request lines, bad Content-Length, oversized
 * headers, CONNECT) never reach Hono, and Node would answer them with an empty body. These answers
 * carry the contract's error body instead, so every error a client can see has one shape.
 */
import { type Server, STATUS_CODES } from 'node:http';
import type { Socket } from 'node:net';
import type { Duplex } from 'node:stream';
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

function writeError(socket: Duplex, status: number, code: string, message: string): void {
  const body = JSON.stringify(errorBody(code, message));
  const head = [
    `HTTP/1.1 ${status} ${STATUS_CODES[status]}`,
    'Content-Type: application/json',
    `Content-Length: ${Buffer.byteLength(body)}`,
    'X-Content-Type-Options: nosniff',
    'Connection: close',
  ];
  socket.end(`${head.join('\r\n')}\r\n\r\n${body}`, () => socket.destroy());
}
