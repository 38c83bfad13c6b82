/**
 * Test support: fast-check arbitraries for hostile HTTP requests (random JSON, wrong types, huge
 * numbers, deep nesting, wrong methods, unknown routes, oversize and truncated bodies), and the
 * check every answer must pass.
 */
import { ApiErrorSchema, STRATEGIES } from '@racelab/schema';
import fc from 'fast-check';

/** Replaced, when the request is sent, by the id of a run the server really has (if any yet). */
export const KNOWN_RUN = '{known-run}';

export interface FuzzRequest {
  method: string;
  path: string;
  headers: Record<string, string>;
  body: string | undefined;
}

/**
 * Every fuzz test draws from this seed, so a failure replays exactly: the same requests in the same
 * order (the tests carry state from one request to the next, such as the last run accepted). Set
 * RACELAB_FUZZ_SEED to explore other sequences; a failure prints the seed it used.
 */
export const FUZZ_SEED = Number(process.env.RACELAB_FUZZ_SEED || 0x5eed_2026);

/** Every body larger than this (the server's limit in the fuzz) must be refused with 413. */
export const FUZZ_BODY_LIMIT = 4096;

const METHODS = ['GET', 'GET', 'POST', 'POST', 'POST', 'DELETE', 'PUT', 'PATCH', 'HEAD', 'OPTIONS'];

export const methodArbitrary = fc.oneof(
  { weight: 9, arbitrary: fc.constantFrom(...METHODS) },
  // Any other token: Request() refuses CONNECT, TRACE and TRACK, which the socket slice sends raw instead.
  {
    weight: 1,
    arbitrary: fc.stringMatching(/^[A-Z]{1,12}$/).filter((m) => !['CONNECT', 'TRACE', 'TRACK'].includes(m)),
  },
);

const idArbitrary = fc.oneof(
  fc.constant(KNOWN_RUN),
  fc.uuid(),
  fc.stringMatching(/^[\w.~-]{1,40}$/),
  fc.constantFrom('%', '%zz', '%E0%A4%A', '..', '%2e%2e', '%00', 'a%2Fb', '%F0%9F%92%A9', ' '),
);

const queryArbitrary = fc.oneof(
  fc.constant(''),
  fc.constantFrom('?wait=true', '?wait=false', '?wait=yes', '?wait=', '?wait=true&wait=false', '?limit=2'),
  fc.stringMatching(/^[\w=&%.+-]{0,30}$/).map((query) => `?${query}`),
  fc
    .oneof(fc.integer(), fc.double(), fc.string({ maxLength: 8 }))
    .map((limit) => `?limit=${encodeURIComponent(String(limit))}`),
);

export const pathArbitrary = fc.oneof(
  {
    weight: 6,
    arbitrary: fc
      .tuple(
        fc.constantFrom(
          '/health',
          '/strategies',
          '/runs',
          '/runs/',
          '/runs/{id}',
          '/runs/{id}/events',
          '/openapi.json',
          '/results',
        ),
        idArbitrary,
        queryArbitrary,
      )
      .map(([template, id, query]) => `${template.replace('{id}', id)}${query}`),
  },
  { weight: 1, arbitrary: fc.webPath().map((path) => path || '/') },
  {
    weight: 1,
    arbitrary: fc.constantFrom('/docs', '/', '//runs', '/RUNS', '/runs/x/y/z', '/health/', '/%', '/runs/%zz'),
  },
);

/** Numbers a JSON body can carry, including those JavaScript cannot represent exactly. */
const hugeNumberText = fc.constantFrom(
  '1e400',
  '-1e400',
  '1e308',
  '9007199254740993',
  '99999999999999999999999999',
  '-0',
  '0.5',
  '1e-400',
  '256.0000000000001',
  '100000000',
  '100000001',
);

const fieldValue = fc.oneof(
  fc.integer({ min: -2, max: 300 }),
  fc.integer(),
  fc.double(),
  fc.constantFrom(1, 2, 4, 256, 257, 100_000_000, 100_000_001, 2 ** 31, 2 ** 53, Number.MAX_VALUE),
  fc.string({ maxLength: 12 }),
  fc.constantFrom(...STRATEGIES, 'MUTEX', 'semaphore', ''),
  fc.boolean(),
  fc.constant(null),
  fc.array(fc.integer(), { maxLength: 3 }),
  fc.dictionary(fc.string({ maxLength: 4 }), fc.integer(), { maxKeys: 2 }),
);

/** Shaped like a config, with the wrong types, ranges and extra fields mixed in. */
const configLikeBody = fc
  .record(
    {
      strategy: fieldValue,
      workers: fieldValue,
      iterations: fieldValue,
      trials: fieldValue,
      extra: fc.dictionary(fc.string({ maxLength: 10 }), fc.jsonValue({ maxDepth: 2 }), { maxKeys: 2 }),
    },
    { requiredKeys: [] },
  )
  .map(({ extra, ...config }) => JSON.stringify({ ...config, ...extra }));

/** Valid configs of at most 16 increments: the few that get through must stay tiny. */
const tinyValidBody = fc
  .record(
    {
      strategy: fc.constantFrom(...STRATEGIES),
      workers: fc.integer({ min: 1, max: 4 }),
      iterations: fc.integer({ min: 1, max: 4 }),
      trials: fc.constant(1),
    },
    { requiredKeys: ['workers', 'iterations'] },
  )
  .map((config) => JSON.stringify(config));

const deepBody = fc
  .tuple(fc.integer({ min: 1, max: 2000 }), fc.constantFrom(['[', ']'], ['{"a":', '}'], ['{"workers":[', ']}']))
  .map(([depth, [open, close]]) => `${open.repeat(depth)}1${close.repeat(depth)}`);

export const bodyArbitrary: fc.Arbitrary<string | undefined> = fc.oneof(
  { weight: 3, arbitrary: fc.constant(undefined) },
  { weight: 4, arbitrary: configLikeBody },
  { weight: 1, arbitrary: tinyValidBody },
  { weight: 2, arbitrary: fc.jsonValue({ maxDepth: 4 }).map((value) => JSON.stringify(value) ?? 'null') },
  {
    weight: 1,
    arbitrary: fc
      .tuple(fc.constantFrom('workers', 'iterations', 'trials', 'strategy'), hugeNumberText)
      .map(([field, number]) => `{"${field}":${number}}`),
  },
  { weight: 1, arbitrary: deepBody },
  // Truncated: a valid document cut short.
  {
    weight: 2,
    arbitrary: fc
      .tuple(configLikeBody, fc.double({ min: 0, max: 1, noNaN: true }))
      .map(([json, cut]) => json.slice(0, Math.floor(json.length * cut))),
  },
  // Oversize, just past the limit or far past it.
  {
    weight: 1,
    arbitrary: fc
      .integer({ min: FUZZ_BODY_LIMIT + 1, max: FUZZ_BODY_LIMIT * 4 })
      .map((size) => `{"padding":"${'x'.repeat(size)}"}`),
  },
  { weight: 1, arbitrary: fc.string({ maxLength: 64, unit: 'binary' }) },
);

const contentTypeArbitrary = fc.option(
  fc.constantFrom(
    'application/json',
    'application/json',
    'application/json',
    'application/json; charset=utf-8',
    'application/vnd.racelab+json',
    'APPLICATION/JSON',
    'text/plain',
    'application/x-www-form-urlencoded',
    'multipart/form-data; boundary=x',
    'application/jsonx',
    'json',
    '',
  ),
  { freq: 6 },
);

const printable = (max: number) => fc.stringMatching(new RegExp(`^[\\x21-\\x7e]{0,${max}}$`));

const headersArbitrary = fc
  .record({
    contentType: contentTypeArbitrary,
    requestId: fc.option(printable(300), { freq: 5 }),
    authorization: fc.option(
      fc.oneof(
        printable(40),
        printable(30).map((token) => `Bearer ${token}`),
      ),
      { freq: 5 },
    ),
    accept: fc.option(fc.constantFrom('*/*', 'text/event-stream', 'application/xml'), { freq: 3 }),
  })
  .map(({ contentType, requestId, authorization, accept }) => {
    const headers: Record<string, string> = {};
    if (contentType !== null) headers['content-type'] = contentType;
    if (requestId !== null) headers['x-request-id'] = requestId;
    if (authorization !== null) headers.authorization = authorization;
    if (accept !== null) headers.accept = accept;
    return headers;
  });

/** Half aimed at `POST /runs`, where the bodies matter; half anywhere, with any method. */
export const fuzzRequestArbitrary: fc.Arbitrary<FuzzRequest> = fc.oneof(
  fc.record({
    method: fc.constant('POST'),
    path: queryArbitrary.map((query) => `/runs${query}`),
    headers: headersArbitrary,
    body: bodyArbitrary,
  }),
  fc
    .record({ method: methodArbitrary, path: pathArbitrary, headers: headersArbitrary, body: bodyArbitrary })
    // Fetch forbids a body on GET and HEAD; the socket slice sends those raw.
    .map((request) =>
      request.method === 'GET' || request.method === 'HEAD' ? { ...request, body: undefined } : request,
    ),
);

/** What every answer must satisfy; returns the problem, or undefined when the answer is fine. */
export function checkAnswer(
  status: number,
  contentType: string | null,
  body: string,
  method: string,
): string | undefined {
  if (status >= 500) return `answered ${status}: ${body.slice(0, 300)}`;
  if (status < 400 || method === 'HEAD') return undefined;
  if (!/^application\/json/.test(contentType ?? '')) return `error ${status} with content-type ${contentType}`;
  let parsed: unknown;
  try {
    parsed = JSON.parse(body);
  } catch {
    return `error ${status} whose body is not JSON: ${body.slice(0, 200)}`;
  }
  const checked = ApiErrorSchema.safeParse(parsed);
  if (!checked.success) return `error ${status} not in the contract's shape: ${body.slice(0, 200)}`;
  const { message, details } = checked.data.error;
  if (/\n\s+at |node:internal|\.[jt]s:\d+:\d+/.test(`${message}\n${JSON.stringify(details ?? [])}`)) {
    return `a stack trace in: ${body.slice(0, 300)}`;
  }
  return undefined;
}
