import type { TrialResult } from '@racelab/schema';
import { describe, expect, it } from 'vitest';
import type { LoopStats } from '../trial/index.js';
import { createTraceLog, workerLog } from '../trial/index.js';
import type { TraceProbeSample } from './trace-probe.js';
import { traceTrial } from './trace-trial.js';

const config = { strategy: 'none', workers: 2, iterations: 3, trials: 1, trace: true } as const;
const stats = (completed: number): LoopStats => ({ completed, contended: 0, waits: 0, spins: 0 });

function trialOf(actual: number): TrialResult {
  return { actual, lostUpdates: 6 - actual, spawnMs: 0, runMs: 1, opsPerSecond: 6000, workers: [] };
}

/** Both workers read 0, 1, 2 side by side: final 3, 3 lost, all of them values read again. */
function lockstepLog(): SharedArrayBuffer {
  const buffer = createTraceLog(2, 3);
  workerLog(buffer, 0, 3).set([0, 1, 2]);
  workerLog(buffer, 1, 3).set([0, 1, 2]);
  return buffer;
}

describe('traceTrial', () => {
  it("attaches the trace of the workers' logs and shows the probe what it analysed", () => {
    const result = trialOf(3);
    const samples: TraceProbeSample[] = [];
    const failure = traceTrial(lockstepLog(), config, 0, [stats(3), stats(3)], result, (sample) =>
      samples.push(sample),
    );
    expect(failure).toBeUndefined();
    expect(result.trace).toMatchObject({
      repeatedReads: 3,
      readsAboveFinal: 0,
      pairs: [
        [0, 3],
        [3, 0],
      ],
    });
    expect(samples).toHaveLength(1);
    expect(samples[0]).toMatchObject({ trial: 0, reads: 6, finalCounter: 3 });
    expect(samples[0]?.analysisMs).toBeGreaterThanOrEqual(0);
  });

  it('reads only the increments each worker completed', () => {
    const result = { ...trialOf(3), lostUpdates: 1 };
    // Worker 1 stopped after 1 increment: its last two slots are not part of the trial.
    expect(traceTrial(lockstepLog(), config, 0, [stats(3), stats(1)], result)).toBeUndefined();
    expect(result.trace).toMatchObject({ repeatedReads: 1, readsAboveFinal: 0 });
  });

  it('fails with trace_mismatch, keeping the trial without its trace, when the logs do not add up', () => {
    const result = trialOf(5); // a final counter of 5 that nobody's reads could have produced
    const failure = traceTrial(lockstepLog(), config, 2, [stats(3), stats(3)], result);
    expect(failure?.code).toBe('trace_mismatch');
    expect(failure?.message).toContain('the trace of trial 3 does not add up');
    expect(result.trace).toBeUndefined();
  });
});
