/**
 * The worker's side of a run, driven in this thread (its runner end played by the test): so the
 * protocol and every strategy's loop are exercised, and measured by coverage, from the source.
 */
import { STRATEGIES } from '@racelab/schema';
import { describe, expect, it } from 'vitest';
import { ABORT, COUNTER, createRunLayout, finishedAtSlot, GENERATION, startedAtSlot } from './layout.js';
import type { RunCommand, WorkerMessage } from './protocol.js';
import { runTrials } from './worker.js';

function command(layout: ReturnType<typeof createRunLayout>, overrides: Partial<RunCommand>): RunCommand {
  return {
    type: 'run',
    buffer: layout.buffer,
    workers: 1,
    index: 0,
    strategy: 'atomic',
    iterations: 10_000,
    trials: 2,
    gate: 1,
    ...overrides,
  };
}

describe('runTrials (the worker side)', () => {
  it.each(STRATEGIES)('%s: ready, done per trial, then idle; counts and times every trial', (strategy) => {
    const layout = createRunLayout(1);
    const messages: WorkerMessage[] = [];
    const counts: number[] = [];
    runTrials(command(layout, { strategy }), (message) => {
      messages.push(message);
      // Play the runner: open the barrier as soon as the worker is ready, so it never parks.
      if (message.type === 'ready') Atomics.store(layout.ints, GENERATION, message.trial + 1);
      if (message.type === 'done') {
        counts.push(Atomics.load(layout.ints, COUNTER));
        expect(layout.times[finishedAtSlot(0)]).toBeGreaterThanOrEqual(layout.times[startedAtSlot(0)] as number);
      }
    });
    expect(messages.map((message) => message.type)).toEqual(['ready', 'done', 'ready', 'done', 'idle']);
    expect(messages.filter((message) => message.type === 'done').map((message) => message.stats.completed)).toEqual([
      10_000, 10_000,
    ]);
    // One thread alone: even `none` loses nothing; the counter carries over as the runner did not reset it.
    expect(counts).toEqual([10_000, 20_000]);
  });

  it('leaves the run at once when the abort flag is up at the barrier', () => {
    const layout = createRunLayout(1);
    const messages: WorkerMessage[] = [];
    runTrials(command(layout, {}), (message) => {
      messages.push(message);
      if (message.type === 'ready') {
        Atomics.store(layout.ints, ABORT, 1);
        Atomics.store(layout.ints, GENERATION, -1);
      }
    });
    expect(messages.map((message) => message.type)).toEqual(['ready', 'idle']);
    expect(Atomics.load(layout.ints, COUNTER)).toBe(0);
  });
});
