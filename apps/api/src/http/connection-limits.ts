/**
 * Caps on open connections, in all and per remote address, for Node's `http.Server`. Node's own
 * `maxConnections` drops the extra socket without a word; here the client is told why, in the
 * contract's error body (503 `too_many_connections`, `Retry-After`), and the socket is closed before
 * Node's parser ever sees it, so a refused connection can neither run a request nor hold a slot.
 */
import type { Server } from 'node:http';
import type { Socket } from 'node:net';
import type { ApiLimits } from '../limits.js';
import { rawErrorResponse } from './malformed-requests.js';
import { PerClientSlots } from './per-client-slots.js';

export interface ConnectionCount {
  /** Connections accepted and still open. */
  readonly open: number;
}

/** How long a refused client may take to read the 503 and hang up before its socket is destroyed. */
const REFUSED_LINGER_MS = 2_000;

type Caps = Pick<ApiLimits, 'maxConnections' | 'maxConnectionsPerClient' | 'retryAfterSeconds'>;

export function limitConnections(server: Server, caps: Caps): ConnectionCount {
  // Node's http.Server parses every socket its one 'connection' listener is given: hand it only those we accept.
  const accept = server.listeners('connection');
  if (accept.length !== 1)
    throw new Error(`expected one 'connection' listener on a fresh http.Server, found ${accept.length}`);
  server.removeAllListeners('connection');
  const perAddress = new PerClientSlots(caps.maxConnectionsPerClient);
  let open = 0;
  server.on('connection', (socket: Socket) => {
    const address = (socket.remoteAddress ?? 'unknown').replace(/^::ffff:(?=\d+\.\d+\.\d+\.\d+$)/i, '');
    const release = open < caps.maxConnections ? perAddress.take(address) : undefined;
    if (!release) {
      refuse(socket, open >= caps.maxConnections, caps);
      return;
    }
    open++;
    socket.once('close', () => {
      open--;
      release();
    });
    accept[0]?.call(server, socket);
  });
  return {
    get open() {
      return open;
    },
  };
}

function refuse(socket: Socket, serverFull: boolean, caps: Caps): void {
  const message = serverFull
    ? `the server has ${caps.maxConnections} connections open, its limit; retry in ${caps.retryAfterSeconds} s`
    : `your address has ${caps.maxConnectionsPerClient} connections open, this server's limit per client; close some, or retry in ${caps.retryAfterSeconds} s`;
  socket.on('error', () => socket.destroy());
  // Read and drop whatever the client sends meanwhile: closing with unread bytes would reset the
  // connection, and the client would see ECONNRESET instead of this answer. It gets a moment to
  // read the answer and hang up; then the socket is closed anyway.
  socket.resume();
  const giveUp = setTimeout(() => socket.destroy(), REFUSED_LINGER_MS);
  socket.once('close', () => clearTimeout(giveUp));
  socket.once('end', () => socket.destroy());
  socket.end(rawErrorResponse(503, 'too_many_connections', message, { 'Retry-After': String(caps.retryAfterSeconds) }));
}
