import type { Run } from '@racelab/api';
import { describe, expect, it } from 'vitest';
import { groupRows, worstLost } from './group-rows.js';

/** A `none` group of three hosts, shaped as `GET /runs?group=…` answers it (losses as lab.test.ts saw them). */
const hostRun = (host: string, lost: number[], extra: Partial<Run> = {}): Run =>
  ({
    id: `run-${host}`,
    status: 'completed',
    source: 'api',
    verified: true,
    host,
    group: 'g-1',
    config: { strategy: 'none', workers: 10, iterations: 100_000, trials: lost.length },
    result: {
      status: 'completed',
      trials: lost.map((lostUpdates) => ({ lostUpdates, actual: 1_000_000 - lostUpdates, workers: [] })),
      summary: {
        correct: lost.every((each) => each === 0),
        lostUpdates: {
          min: Math.min(...lost),
          median: [...lost].sort((a, b) => a - b)[1] ?? 0,
          max: Math.max(...lost),
        },
        opsPerSecond: { min: 1e8, median: 2e8, max: 3e8 },
      },
      environment: {
        runtime: { name: 'node', version: 'v20.20.2' },
        cpus: 2,
        cpuModel: 'Xeon',
        platform: 'linux',
        host,
      },
    },
    ...extra,
  }) as unknown as Run;

describe('groupRows', () => {
  it('gives one row per host, in host order, with each trial and core’s medians', () => {
    const rows = groupRows([
      hostRun('lab-3', [420_150, 0, 100_000]),
      hostRun('lab-1', [291_738, 0, 170_625]),
      hostRun('lab-2', [0, 0, 0]),
    ]);
    expect(rows.map((row) => row.host)).toEqual(['lab-1', 'lab-2', 'lab-3']);
    expect(rows[0]).toMatchObject({
      lostPerTrial: [291_738, 0, 170_625],
      lostMedian: 170_625,
      expected: 1_000_000,
      opsPerSecondMedian: 2e8,
      runtime: 'Node v20.20.2',
      cpus: 2,
      cpuModel: 'Xeon',
      fairness: undefined,
      errorCode: undefined,
    });
    expect(worstLost(rows)).toBe(420_150);
  });

  it('shows which host failed, and why, with no figures for it', () => {
    const lost = hostRun('lab-2', [0], {
      status: 'failed',
      result: undefined,
      error: { code: 'host_lost', message: 'lab-2 stopped answering' },
    } as Partial<Run>);
    const [row] = groupRows([lost]);
    expect(row).toMatchObject({ host: 'lab-2', status: 'failed', errorCode: 'host_lost', lostPerTrial: [] });
    expect(row?.lostMedian).toBeUndefined();
    expect(row?.runtime).toBeUndefined();
    expect(worstLost(groupRows([lost]))).toBe(0);
  });
});
