/**
 * A notebook of many runs, made quickly and deterministically: each run is a copy of one of a few
 * seed-sized templates (validated once), with its own id, time, host, source and group. Spread:
 * four strategies alike, twenty hosts, runtimes 70 % Node / 10 % each Bun, Deno, browser, sources
 * mostly `api` and `cli`, 95 % completed, 1 run in 100 in a group; one run every 30 s from 2026-01-01.
 */
import { type RUN_SOURCES, type RUNTIME_NAMES, STRATEGIES, type StoredRun } from '@racelab/schema';
import { makeStoredRun } from '@racelab/store/testing';

const START_MS = Date.UTC(2026, 0, 1);
const SPACING_MS = 30_000;
export const SEED_HOSTS = Array.from({ length: 20 }, (_, index) => `lab-${String(index + 1).padStart(2, '0')}`);

type Runtime = (typeof RUNTIME_NAMES)[number];
type Status = 'completed' | 'failed' | 'cancelled';

const templates = new Map<string, StoredRun>();
function template(strategy: StoredRun['config']['strategy'], runtime: Runtime, status: Status): StoredRun {
  const key = `${strategy}|${runtime}|${status}`;
  let run = templates.get(key);
  if (!run) {
    run = makeStoredRun({ id: 'template', strategy, runtime, status });
    templates.set(key, run);
  }
  return run;
}

/** A hash of (index, field): neighbouring runs differ in every field, and fields do not follow one another. */
function mix(index: number, field: number): number {
  let hash = Math.imul(index ^ Math.imul(field + 1, 0x9e3779b9), 0x85ebca6b) >>> 0;
  hash = Math.imul(hash ^ (hash >>> 13), 0xc2b2ae35) >>> 0;
  return (hash ^ (hash >>> 16)) >>> 0;
}

function pick<T>(choices: ReadonlyArray<readonly [T, number]>, roll: number): T {
  let left = roll % 100;
  for (const [choice, share] of choices) {
    if (left < share) return choice;
    left -= share;
  }
  return choices[0]![0];
}

const RUNTIMES: ReadonlyArray<readonly [Runtime, number]> = [
  ['node', 70],
  ['bun', 10],
  ['deno', 10],
  ['browser', 10],
];
const SOURCES: ReadonlyArray<readonly [(typeof RUN_SOURCES)[number], number]> = [
  ['api', 50],
  ['cli', 25],
  ['dashboard', 10],
  ['browser', 5],
  ['submitted', 5],
  ['bench', 5],
];
const STATUSES: ReadonlyArray<readonly [Status, number]> = [
  ['completed', 95],
  ['failed', 3],
  ['cancelled', 2],
];

export function seedTime(index: number): string {
  return new Date(START_MS + index * SPACING_MS).toISOString();
}

/** The group of the runs with index 100·g … (every run whose index ends in 00 is grouped). */
export function seedGroup(index: number): string {
  return `group-${Math.floor(index / 100)}`;
}

function uuidLike(index: number): string {
  return `00000000-0000-4000-8000-${index.toString(16).padStart(12, '0')}`;
}

export function seedRun(index: number): StoredRun {
  const strategy = STRATEGIES[index % STRATEGIES.length]!;
  const base = template(strategy, pick(RUNTIMES, mix(index, 1)), pick(STATUSES, mix(index, 2)));
  const id = uuidLike(index);
  const host = SEED_HOSTS[mix(index, 3) % SEED_HOSTS.length]!;
  const createdAt = seedTime(index);
  const endedAt = new Date(Date.parse(createdAt) + 95).toISOString();
  const result = base.result!;
  const run: StoredRun = {
    ...base,
    id,
    host,
    source: pick(SOURCES, mix(index, 4)),
    createdAt,
    startedAt: createdAt,
    endedAt,
    result: { ...result, id, startedAt: createdAt, finishedAt: endedAt, environment: { ...result.environment, host } },
  };
  if (index % 100 === 0) run.group = seedGroup(index);
  return run;
}

export function* seedBatches(total: number, batchSize: number): Generator<StoredRun[]> {
  for (let start = 0; start < total; start += batchSize) {
    const batch: StoredRun[] = [];
    for (let index = start; index < Math.min(total, start + batchSize); index += 1) batch.push(seedRun(index));
    yield batch;
  }
}
