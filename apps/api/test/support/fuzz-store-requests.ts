/**
 * Test support: fast-check arbitraries for the notebook's side of the API: `GET /runs` with every
 * filter (valid values, wrong ones, SQL injection shapes, repeats, unknown keys) and `POST /results`
 * with result-shaped bodies (a real result, then mutated: wrong numbers, wrong types, SQL in labels).
 */
import { type ExperimentResult, RUN_SOURCES, RUNTIME_NAMES, STORED_RUN_STATUSES, STRATEGIES } from '@racelab/schema';
import fc from 'fast-check';
import type { FuzzRequest } from './fuzz-requests.js';

/** What attackers send to a query layer that builds SQL from text. */
export const SQL_SHAPES = [
  "' OR '1'='1",
  "'; DROP TABLE runs; --",
  '" OR ""="',
  '1; select pg_sleep(5)',
  "lab-1' UNION SELECT id, document FROM runs --",
  '%',
  '_',
  '\\',
  "') OR ('a'='a",
  '0x27',
  '$1',
  '?',
  '%00',
  '%27%20OR%201%3D1',
] as const;

const text = fc.oneof(
  fc.constantFrom(...SQL_SHAPES),
  fc.string({ maxLength: 30 }),
  fc.string({ maxLength: 250, unit: 'grapheme' }),
  fc.constantFrom('', ' ', 'lab-1', 'node', '2026-12-03', 'null', 'undefined', '[]', '{}'),
);

const filterValue = {
  strategy: fc.oneof(fc.constantFrom(...STRATEGIES), text),
  status: fc.oneof(fc.constantFrom(...STORED_RUN_STATUSES), text),
  runtime: fc.oneof(fc.constantFrom(...RUNTIME_NAMES), text),
  host: text,
  source: fc.oneof(fc.constantFrom(...RUN_SOURCES), text),
  group: text,
  since: fc.oneof(
    fc.date({ noInvalidDate: true }).map((date) => date.toISOString()),
    fc.constantFrom('2026-12-03', '2026-02-30', '9999-12-31T23:59:59Z', '-271821-04-20T00:00:00Z', 'now'),
    text,
  ),
  until: fc.oneof(
    fc.date({ noInvalidDate: true }).map((date) => date.toISOString()),
    text,
  ),
  limit: fc.oneof(fc.integer({ min: -5, max: 200 }).map(String), fc.constantFrom('1e2', '50.5', '0x10', ''), text),
  cursor: fc.oneof(fc.base64String({ maxLength: 60 }), text),
  format: fc.oneof(fc.constantFrom('json', 'csv', 'ndjson', 'CSV', 'xml'), text),
  colour: text,
} as const;

export const filterQueryArbitrary: fc.Arbitrary<string> = fc
  .tuple(fc.subarray(Object.keys(filterValue) as Array<keyof typeof filterValue>, { maxLength: 5 }), fc.boolean())
  .chain(([keys, repeat]) =>
    fc.tuple(...keys.map((key) => filterValue[key].map((value) => [key, value] as const))).map((pairs) => {
      const params = new URLSearchParams();
      for (const [key, value] of pairs) params.append(key, value);
      const [first] = pairs;
      if (repeat && first) params.append(first[0], first[1]);
      const query = params.toString();
      return query ? `?${query}` : '';
    }),
  );

export function historyRequestArbitrary(): fc.Arbitrary<FuzzRequest> {
  return filterQueryArbitrary.map((query) => ({ method: 'GET', path: `/runs${query}`, headers: {}, body: undefined }));
}

/** Bodies for `POST /results`: the real result `base`, changed in the ways a client could get wrong. */
export function resultBodyArbitrary(base: ExperimentResult): fc.Arbitrary<string> {
  const anything = fc.oneof(
    fc.jsonValue({ maxDepth: 2 }),
    fc.constantFrom(...SQL_SHAPES),
    fc.double(),
    fc.constant(null),
  );
  // Each change reaches into whatever an earlier one left: a missing part is a fresh object.
  const part = (value: unknown): object => (value !== null && typeof value === 'object' ? value : {});
  const paths: Array<(r: Record<string, unknown>, value: unknown) => void> = [
    (r, v) => Object.assign(r, { id: v }),
    (r, v) => Object.assign(r, { status: v }),
    (r, v) => Object.assign(r, { expected: v }),
    (r, v) => Object.assign(part(r.config), { workers: v }),
    (r, v) => Object.assign(part(r.config), { strategy: v }),
    (r, v) => Object.assign(part(Array.isArray(r.trials) ? r.trials[0] : undefined), { actual: v }),
    (r, v) => Object.assign(part(Array.isArray(r.trials) ? r.trials[0] : undefined), { lostUpdates: v }),
    (r, v) => Object.assign(part(Array.isArray(r.trials) ? r.trials[0] : undefined), { trace: v }),
    (r, v) => Object.assign(part(r.summary), { correct: v }),
    (r, v) => Object.assign(part((part(r.summary) as { lostUpdates?: unknown }).lostUpdates), { median: v }),
    (r, v) => Object.assign(part(r.environment), { host: v }),
    (r, v) => Object.assign(part((part(r.environment) as { runtime?: unknown }).runtime), { name: v }),
    (r, v) => Object.assign(r, { startedAt: v }),
    (r, v) => Object.assign(r, { extra: v }),
    (r) => Object.assign(r, { trials: [] }),
    (r) => {
      delete r.summary;
    },
  ];
  const mutated = fc
    .tuple(
      fc.array(fc.tuple(fc.integer({ min: 0, max: paths.length - 1 }), anything), { minLength: 0, maxLength: 3 }),
      fc.uuid(),
    )
    .map(([changes, id]) => {
      const result = structuredClone(base) as unknown as Record<string, unknown>;
      result.id = id;
      for (const [index, value] of changes) paths[index]?.(result, value);
      return JSON.stringify(result);
    });
  return fc.oneof(
    { weight: 6, arbitrary: mutated },
    { weight: 1, arbitrary: fc.jsonValue({ maxDepth: 4 }).map((value) => JSON.stringify(value) ?? 'null') },
    { weight: 1, arbitrary: mutated.map((json) => json.slice(0, Math.floor(json.length / 2))) },
  );
}

export function resultRequestArbitrary(base: ExperimentResult): fc.Arbitrary<FuzzRequest> {
  return fc
    .tuple(resultBodyArbitrary(base), fc.constantFrom('application/json', 'application/json', 'text/plain', undefined))
    .map(([body, contentType]): FuzzRequest => {
      const headers: Record<string, string> = contentType ? { 'content-type': contentType } : {};
      return { method: 'POST', path: '/results', headers, body };
    });
}
