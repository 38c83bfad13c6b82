import { describe, expect, it } from 'vitest';
import { analyzeTrace } from '../trace/index.js';
import { traceMismatch } from './trace-check.js';

describe('traceMismatch', () => {
  // w0 reads 0–4 then 2 again; w1 reads 0, 1, 3: final 4, 5 lost = 4 read again + 1 above.
  const race = [Int32Array.from([0, 1, 2, 3, 4, 2]), Int32Array.from([0, 1, 3])];

  it('fails the run with trace_mismatch on logs that cannot be right', () => {
    // A final counter of 6 with nobody having read 5 is impossible.
    const failure = traceMismatch(0, analyzeTrace(race, 6), 9 - 6);
    expect(failure?.code).toBe('trace_mismatch');
    expect(failure?.message).toMatch(/trial 1 does not add up.*bug in racelab/);
  });

  it('passes a trace that adds up', () => {
    expect(traceMismatch(0, analyzeTrace(race, 4), 5)).toBeUndefined();
  });
});
