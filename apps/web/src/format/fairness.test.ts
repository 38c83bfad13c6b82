import type { TrialResult } from '@racelab/schema';
import { describe, expect, it } from 'vitest';
import { fairnessText, shareText, waitText } from './fairness.js';

const waitMs = { p50: 0, p99: 0.412, max: 12.4 };
const trial = {
  actual: 20,
  lostUpdates: 0,
  spawnMs: 0,
  runMs: 1,
  opsPerSecond: 1,
  workers: [
    { index: 0, increments: 10, runMs: 1, share: 0.91, waitMs },
    { index: 1, increments: 10, runMs: 1, share: 1.09, waitMs },
  ],
  fairness: { jainIndex: 0.9919, leastShare: 0.91, waitMs, timedAcquisitions: 7 },
} as unknown as TrialResult;

describe('fairness text', () => {
  it("reads a lock strategy's fairness: Jain's index, the least share, the waits", () => {
    expect(fairnessText(trial)).toBe('Jain 0.99 · least 0.91×');
    expect(waitText(trial)).toBe('p99 0.41 ms · max 12.40 ms');
  });

  it('writes waits too short to read as such, and none as 0', () => {
    const quick = {
      ...trial,
      fairness: { jainIndex: 1, leastShare: 1, waitMs: { p50: 0, p99: 0.004, max: 0 }, timedAcquisitions: 1 },
    } as unknown as TrialResult;
    expect(waitText(quick)).toBe('p99 4.0 µs · max 0 ms');
  });

  it('gives a worker its share, a group its range', () => {
    expect(shareText(trial.workers.slice(0, 1))).toBe('0.91×');
    expect(shareText(trial.workers)).toBe('0.91–1.09×');
  });

  it('says nothing where nothing was measured (none, atomic, older results)', () => {
    const plain = {
      ...trial,
      fairness: undefined,
      workers: [{ index: 0, increments: 10, runMs: 1 }],
    } as unknown as TrialResult;
    expect(fairnessText(plain)).toBeUndefined();
    expect(waitText(undefined)).toBeUndefined();
    expect(shareText(plain.workers)).toBeUndefined();
  });
});
