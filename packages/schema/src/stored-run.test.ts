import { describe, expect, it } from 'vitest';
import { formatIssues } from './issues.js';
import { RunFilterSchema, type StoredRun, StoredRunSchema, toRunSummary } from './stored-run.js';

const queued: StoredRun = {
  id: 'run-1',
  status: 'queued',
  config: { strategy: 'none', workers: 10, iterations: 100_000, trials: 1 },
  source: 'api',
  host: 'lab-1',
  verified: true,
  createdAt: '2026-12-03T12:00:00.000Z',
};

const completed: StoredRun = {
  ...queued,
  status: 'completed',
  startedAt: '2026-12-03T12:00:00.010Z',
  endedAt: '2026-12-03T12:00:00.100Z',
  result: {
    id: 'run-1',
    status: 'completed',
    config: queued.config,
    expected: 1_000_000,
    trials: [{ actual: 580_430, lostUpdates: 419_570, spawnMs: 1, runMs: 28, opsPerSecond: 35_600_000, workers: [] }],
    summary: {
      correct: false,
      lostUpdates: { min: 419_570, median: 419_570, max: 419_570 },
      opsPerSecond: { min: 35_600_000, median: 35_600_000, max: 35_600_000 },
    },
    environment: {
      runtime: { name: 'bun', version: '1.3.0' },
      platform: 'linux',
      cpus: 2,
      cpuModel: 'Xeon',
      host: 'machine-name',
    },
    startedAt: '2026-12-03T12:00:00.010Z',
    finishedAt: '2026-12-03T12:00:00.100Z',
  },
};

describe('StoredRunSchema', () => {
  it('accepts a queued run and a finished one', () => {
    expect(StoredRunSchema.parse(queued)).toEqual(queued);
    expect(StoredRunSchema.parse(completed)).toEqual(completed);
  });

  it('requires the result to belong to the run', () => {
    const other = { ...completed, result: { ...completed.result!, id: 'run-2' } };
    expect(formatIssues(StoredRunSchema.safeParse(other).error!)).toBe('result.id: must equal the run id');
    const early = { ...completed, status: 'running' };
    expect(formatIssues(StoredRunSchema.safeParse(early).error!)).toBe(
      'result: a queued or running run has no result yet',
    );
  });

  it('names a source outside the list', () => {
    const parsed = StoredRunSchema.safeParse({ ...queued, source: 'fax' });
    expect(formatIssues(parsed.error!)).toBe('source: must be one of cli, dashboard, api, browser, bench, submitted');
  });
});

describe('toRunSummary', () => {
  it('takes the columns from the run and its result; the run’s host label wins', () => {
    expect(toRunSummary(completed)).toEqual({
      id: 'run-1',
      createdAt: '2026-12-03T12:00:00.000Z',
      endedAt: '2026-12-03T12:00:00.100Z',
      status: 'completed',
      strategy: 'none',
      workers: 10,
      iterations: 100_000,
      trials: 1,
      lostUpdatesMedian: 419_570,
      opsPerSecondMedian: 35_600_000,
      runtimeName: 'bun',
      runtimeVersion: '1.3.0',
      host: 'lab-1',
      cpuModel: 'Xeon',
      cpus: 2,
      source: 'api',
      verified: true,
    });
    expect(toRunSummary(queued)).toMatchObject({ lostUpdatesMedian: null, opsPerSecondMedian: null, host: 'lab-1' });
  });
});

describe('RunFilterSchema', () => {
  it('defaults the page to 50 and accepts text numbers and plain dates', () => {
    expect(RunFilterSchema.parse({})).toEqual({ limit: 50 });
    expect(RunFilterSchema.parse({ limit: '20', since: '2026-12-01', until: '2026-12-03T13:00:00+01:00' })).toEqual({
      limit: 20,
      since: '2026-12-01T00:00:00.000Z',
      until: '2026-12-03T12:00:00.000Z',
    });
  });

  it('names each bad field and its range', () => {
    const parsed = RunFilterSchema.safeParse({
      limit: 101,
      strategy: 'lock',
      status: 'done',
      runtime: 'java',
      since: 'yesterday',
      host: '',
      colour: 'red',
    });
    expect(formatIssues(parsed.error!)).toBe(
      [
        'strategy: must be one of none, mutex, spinlock, atomic',
        'status: must be one of queued, running, completed, failed, cancelled',
        'runtime: must be one of node, bun, deno, browser',
        'host: must be a host label of 1 to 200 characters',
        'since: must be an ISO 8601 date or time, such as 2026-12-03 or 2026-12-03T12:00:00Z',
        'limit: must be an integer from 1 to 100',
        'colour: is not a known field',
      ].join('; '),
    );
    expect(formatIssues(RunFilterSchema.safeParse({ limit: 'ten' }).error!)).toBe(
      'limit: must be an integer from 1 to 100',
    );
  });
});
