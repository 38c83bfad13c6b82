import { withFault } from '@racelab/core/internal';
import { STRATEGIES } from '@racelab/schema';
import { describe, expect, it } from 'vitest';
import { compareReport } from '../format/compare-report.js';
import { runReport } from '../format/run-report.js';
import type { CommandOutput } from './output.js';
import { runExperiments } from './run-experiments.js';

function quietOutput(): CommandOutput & { written: string } {
  const output = {
    written: '',
    stdout: { write: (text: string) => (output.written += text) },
    stderr: { write: (text: string) => (output.written += text) },
    env: {},
  };
  return output;
}

const SMALL = { workers: 2, iterations: 5_000, trials: 1 } as const;

describe('runExperiments', () => {
  it('runs every config in order on one runner, and no progress line off a terminal', async () => {
    const output = quietOutput();
    const { results, exitCode } = await runExperiments(
      STRATEGIES.map((strategy) => ({ ...SMALL, strategy })),
      output,
    );
    expect(exitCode).toBe(0);
    expect(results.map((result) => result.config.strategy)).toEqual([...STRATEGIES]);
    expect(output.written).toBe('');
  });

  it('exits 1 when a worker dies, still running and reporting the other configs', async () => {
    const output = quietOutput();
    const configs = [
      { ...SMALL, strategy: 'mutex' as const },
      { ...SMALL, strategy: 'atomic' as const },
    ];
    const { results, exitCode } = await runExperiments(
      configs,
      output,
      withFault({}, { worker: 1, kind: 'throw', at: 'barrier' }),
    );
    expect(exitCode).toBe(1);
    expect(results.map((result) => result.status)).toEqual(['failed', 'failed']);
    const [first] = results;
    if (!first) throw new Error('no result');
    expect(first.error?.code).toBe('worker_crashed');
    expect(runReport(first)).toMatch(/^failed: worker 1 threw: injected fault/m);
    expect(compareReport(results)).toMatch(/^atomic failed: worker 1 threw/m);
  });
});
