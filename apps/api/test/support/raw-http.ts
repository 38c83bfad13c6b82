/**
 * Test support: HTTP/1.1 written byte by byte on a plain TCP socket, for what fetch refuses to
 * send (a Content-Length that lies, a body cut short, a broken request line, CONNECT), and a
 * reader for whatever comes back.
 */
import { connect } from 'node:net';
import fc from 'fast-check';
import { bodyArbitrary } from './fuzz-requests.js';

/** How the client leaves: half-close after writing, keep the socket open, or reset it. */
export type Ending = 'fin' | 'hold' | 'reset';

export interface RawRequest {
  bytes: string;
  ending: Ending;
}

export interface RawResponse {
  status: number;
  headers: Map<string, string>;
  body: string;
  /** false when the connection ended before the whole body arrived. */
  complete: boolean;
}

const LENGTH_MODES = [
  'exact',
  'exact',
  'short',
  'long',
  'none',
  'garbage',
  'negative',
  'twice',
  'chunked',
  'cut-chunk',
];

export const rawRequestArbitrary: fc.Arbitrary<RawRequest> = fc
  .record({
    method: fc.constantFrom(
      'POST',
      'POST',
      'POST',
      'GET',
      'DELETE',
      'PUT',
      'CONNECT',
      'TRACE',
      'BREW',
      'G E T',
      'post',
      '',
    ),
    target: fc.constantFrom(
      '/runs',
      '/runs',
      '/runs?wait=true',
      '/health',
      '/runs/nope',
      '*',
      'http://elsewhere/',
      '',
      '/%',
    ),
    version: fc.constantFrom('HTTP/1.1', 'HTTP/1.1', 'HTTP/1.1', 'HTTP/1.0', 'HTTP/2.0', 'HTTP/1.1x', ''),
    contentType: fc.constantFrom('application/json', 'application/json', 'text/plain', ''),
    body: bodyArbitrary.map((body) => body ?? ''),
    lengthMode: fc.constantFrom(...LENGTH_MODES),
    cutAt: fc.double({ min: 0, max: 1, noNaN: true }),
    ending: fc.constantFrom<Ending>('fin', 'fin', 'hold', 'reset'),
    host: fc.constantFrom('127.0.0.1', '127.0.0.1', 'localhost:1', 'a b', '[::1', 'évil', ''),
  })
  .map(({ method, target, version, contentType, body, lengthMode, cutAt, ending, host }) => {
    const length = Buffer.byteLength(body);
    const head = [`${method} ${target} ${version}`.trim(), `Host: ${host}`];
    if (contentType) head.push(`Content-Type: ${contentType}`);
    let payload = body;
    switch (lengthMode) {
      case 'exact':
        head.push(`Content-Length: ${length}`);
        break;
      case 'short': // the rest of the body reads as the next request
        head.push(`Content-Length: ${Math.floor(length * cutAt)}`);
        break;
      case 'long': // promises more than it sends
        head.push(`Content-Length: ${length + 1 + Math.floor(length * cutAt)}`);
        break;
      case 'none':
        break;
      case 'garbage':
        head.push('Content-Length: twelve');
        break;
      case 'negative':
        head.push('Content-Length: -1');
        break;
      case 'twice':
        head.push(`Content-Length: ${length}`, `Content-Length: ${length + 1}`);
        break;
      case 'chunked':
        head.push('Transfer-Encoding: chunked');
        payload = length > 0 ? `${length.toString(16)}\r\n${body}\r\n0\r\n\r\n` : '0\r\n\r\n';
        break;
      case 'cut-chunk': {
        head.push('Transfer-Encoding: chunked');
        const chunked = `${(length + 10).toString(16)}\r\n${body}`;
        payload = chunked.slice(0, Math.floor(chunked.length * cutAt));
        break;
      }
    }
    return { bytes: `${head.join('\r\n')}\r\n\r\n${payload}`, ending };
  });

/** Writes the request, leaves as it says, and returns every byte the server sent back. */
export function sendRaw(port: number, request: RawRequest, holdMs = 200): Promise<Buffer> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1');
    const received: Buffer[] = [];
    const giveUp = setTimeout(() => socket.destroy(), request.ending === 'hold' ? holdMs : 2_000);
    socket.on('data', (chunk: Buffer) => received.push(chunk));
    socket.on('error', () => {}); // a reset or a server hang-up: the bytes so far are the answer
    socket.on('close', () => {
      clearTimeout(giveUp);
      resolve(Buffer.concat(received));
    });
    socket.write(request.bytes, () => {
      if (request.ending === 'fin') socket.end();
      if (request.ending === 'reset') socket.resetAndDestroy();
    });
  });
}

/** Splits what came back into responses (Content-Length or chunked bodies). */
export function parseResponses(raw: Buffer): RawResponse[] {
  const responses: RawResponse[] = [];
  let rest = raw.toString('latin1');
  while (rest.length > 0) {
    const headEnd = rest.indexOf('\r\n\r\n');
    if (headEnd === -1) throw new Error(`not an HTTP response: ${JSON.stringify(rest.slice(0, 200))}`);
    const [statusLine = '', ...lines] = rest.slice(0, headEnd).split('\r\n');
    const status = /^HTTP\/1\.[01] (\d{3}) /.exec(statusLine)?.[1];
    if (!status) throw new Error(`bad status line: ${JSON.stringify(statusLine)}`);
    const headers = new Map(
      lines.map((line) => [line.slice(0, line.indexOf(':')).toLowerCase(), line.slice(line.indexOf(':') + 1).trim()]),
    );
    rest = rest.slice(headEnd + 4);
    let body = '';
    let complete = true;
    if (headers.get('transfer-encoding') === 'chunked') {
      for (;;) {
        const sizeEnd = rest.indexOf('\r\n');
        const size = Number.parseInt(rest.slice(0, sizeEnd), 16);
        if (sizeEnd === -1 || Number.isNaN(size) || rest.length < sizeEnd + 2 + size + 2) {
          complete = false;
          rest = '';
          break;
        }
        body += rest.slice(sizeEnd + 2, sizeEnd + 2 + size);
        rest = rest.slice(sizeEnd + 2 + size + 2);
        if (size === 0) break;
      }
    } else {
      const length = Number(headers.get('content-length') ?? rest.length);
      complete = rest.length >= length;
      body = rest.slice(0, length);
      rest = rest.slice(length);
    }
    responses.push({ status: Number(status), headers, body: Buffer.from(body, 'latin1').toString('utf8'), complete });
  }
  return responses;
}
