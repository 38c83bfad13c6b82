import { EventEmitter } from 'node:events';
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
/** Seconds of locked increments even on a fast machine: it can only end early by being stopped. */
const LONG = { strategy: 'mutex', workers: 2, iterations: 100_000_000, trials: 1 } as const;

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

  it.each([
    ['SIGINT', 130],
    ['SIGTERM', 143],
  ] as const)(
    'on %s stops the run in flight, reports it cancelled, skips the rest and exits %i',
    async (signal, code) => {
      const signals = new EventEmitter();
      const progress: string[] = [];
      const output = {
        ...quietOutput(),
        // A terminal on stderr gets the progress line: the sign that the workers are counting.
        stderr: {
          isTTY: true,
          write(text: string) {
            if (progress.push(text) === 1) signals.emit(signal);
          },
        },
      };
      const { results, exitCode } = await runExperiments([LONG, { ...SMALL, strategy: 'atomic' }], output, {}, signals);
      expect(progress[0]).toMatch(/racelab: mutex trial 1\/1 /);
      expect(exitCode).toBe(code);
      expect(results.map((result) => result.status)).toEqual(['cancelled']);
      expect(results[0]?.error?.code).toBe('cancelled');
      expect(signals.listenerCount(signal)).toBe(0);
    },
  );

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
