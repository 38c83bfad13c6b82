import type { Run } from '@racelab/api';
import { describe, expect, it } from 'vitest';
import { filterQuery, groupOf, NO_FILTERS, runFigures, runtimeLabel } from './history.js';

const run = (runtime: { name: string; version: string }, host?: string) =>
  ({
    id: 'r',
    status: 'completed',
    source: 'browser',
    verified: false,
    ...(host ? { host } : {}),
    result: {
      environment: { runtime, cpus: 2, platform: 'linux' },
      summary: {
        correct: false,
        lostUpdates: { min: 1, median: 5, max: 9 },
        opsPerSecond: { min: 1, median: 2, max: 3 },
      },
    },
  }) as unknown as Run;

describe('history figures', () => {
  it('names runtimes as people know them: node with its version, a browser by its product', () => {
    expect(runtimeLabel(run({ name: 'node', version: 'v20.20.2' }))).toBe('node v20.20.2');
    const chrome =
      'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/156.0.0.0 Safari/537.36';
    expect(runtimeLabel(run({ name: 'browser', version: chrome }))).toBe('Chrome 156');
  });

  it('groups by host, falling back to the result environment', () => {
    expect(groupOf(run({ name: 'node', version: 'v1' }, 'lab-1'), 'host')).toBe('lab-1');
    expect(groupOf(run({ name: 'node', version: 'v1' }), 'host')).toBe('unknown host');
  });

  it('takes the medians of a run that ended', () => {
    expect(runFigures(run({ name: 'node', version: 'v1' }))).toEqual({ lostUpdates: 5, opsPerSecond: 2 });
  });

  it('sends only the filters that are set', () => {
    expect(filterQuery({ ...NO_FILTERS, strategy: 'none', host: '  lab-1 ', since: '2026-12-01' })).toEqual({
      strategy: 'none',
      host: 'lab-1',
      since: '2026-12-01',
    });
  });
});
