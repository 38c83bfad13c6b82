import type { ExperimentResult, Trace, TraceView as TraceViewData } from '@racelab/schema';
import { rollbackStory } from '@racelab/schema/format';
import { render } from 'ink-testing-library';
import { describe, expect, it } from 'vitest';
import { clampOffset, TraceView } from './TraceView.js';

const ITERATIONS = 1_000;

/** A worker that reads 0, 1, 2, … except for one rollback of `drop` at iteration 500. */
function view(worker: number, drop: number): TraceViewData {
  const points: [number, number][] = [];
  for (let i = 0; i < ITERATIONS; i += 10) points.push([i, i * 2]);
  points.push([501, 1_000 - drop]);
  points.sort((a, b) => a[0] - b[0]);
  // Adjacent to the read at 500 (value 1,000), so the drop is exact: erased = 1,000 + 1 − to.
  return { worker, points: [...points.filter(([i]) => i <= 500), ...points.filter(([i]) => i > 500)] };
}

function traced(workers: number): ExperimentResult {
  const biggest = [
    { seenBy: 6, iteration: 60_614, from: 421_020, to: 259_504, erased: 161_516, writer: 1 },
    { seenBy: 2, iteration: 10, from: 5_001, to: 4_001, erased: 1_000 },
    { seenBy: 0, iteration: 5, from: 100, to: 90, erased: 10, writer: 3 },
    { seenBy: 1, iteration: 6, from: 60, to: 55, erased: 5, writer: 3 },
  ];
  const trace: Trace = {
    repeatedReads: 1_900,
    readsAboveFinal: 100,
    rollbacks: { count: 40, erased: 170_000, biggest },
    pairs: Array.from({ length: workers }, () => new Array<number>(workers).fill(1)),
    views: Array.from({ length: workers }, (_, worker) => view(worker, worker * 10 + 1)),
  };
  return {
    id: 'r',
    status: 'completed',
    config: { strategy: 'none', workers, iterations: ITERATIONS, trials: 1, trace: true },
    expected: workers * ITERATIONS,
    trials: [
      {
        actual: workers * ITERATIONS - 2_000,
        lostUpdates: 2_000,
        spawnMs: 1,
        runMs: 1,
        opsPerSecond: 1,
        workers: [],
        trace,
      },
    ],
    summary: { correct: false, lostUpdates: null, opsPerSecond: null },
    environment: { platform: 'linux', cpus: 2 },
    startedAt: '2026-12-03T12:00:00.000Z',
    finishedAt: '2026-12-03T12:00:01.000Z',
  };
}

const SIZE = { columns: 80, rows: 24 };

describe('TraceView', () => {
  it('shows the accounting, the three biggest rollbacks in the CLI words and a spark line per worker, within 80 × 24', () => {
    const result = traced(10);
    const app = render(<TraceView result={result} size={SIZE} reservedLines={2} offset={0} />);
    const frame = app.lastFrame() ?? '';
    const lines = frame.split('\n');
    expect(lines[0]).toBe('racelab · trace · none · 10 × 1,000');
    expect(lines[1]).toBe('2,000 lost = 1,900 read again + 100 read at or above the final counter');
    expect(lines[2]).toBe('40 rollbacks erased 170,000 updates in all; the biggest:');
    // The stories, word-wrapped under the terminal's width, read as the CLI's words.
    const stories = frame.replace(/\n {2}/g, ' ');
    for (const rollback of result.trials[0]?.trace?.rollbacks.biggest.slice(0, 3) ?? []) {
      expect(stories).toContain(rollbackStory(rollback));
    }
    expect(stories).not.toContain('w1 read 59');
    for (let worker = 0; worker < 10; worker++) {
      // Rising sparks, and the worker's rollback measured: 1,000 + 1 − (1,000 − drop).
      expect(frame).toMatch(new RegExp(`^w${worker} +[▁▂▃▄▅▆▇█]+ ↓${worker * 10 + 2}$`, 'm'));
    }
    // Everything on screen: 24 rows less the two reserved and the cursor's line.
    expect(lines.length).toBeLessThanOrEqual(21);
    for (const line of lines) expect(line.length).toBeLessThanOrEqual(80);
    app.unmount();
  });

  it('scrolls when the workers do not all fit, saying which are shown', () => {
    const app = render(<TraceView result={traced(24)} size={SIZE} reservedLines={2} offset={0} />);
    const first = app.lastFrame() ?? '';
    expect(first.split('\n').length).toBeLessThanOrEqual(21);
    expect(first).toMatch(/^w0 /m);
    expect(first).toMatch(/^w0–w\d+ of 24 workers · ↑↓ scroll$/m);
    app.rerender(<TraceView result={traced(24)} size={SIZE} reservedLines={2} offset={100} />);
    const last = app.lastFrame() ?? '';
    expect(last).toMatch(/^w23 /m);
    expect(last).not.toMatch(/^w0 /m);
    expect(last).toMatch(/^w\d+–w23 of 24 workers/m);
    app.unmount();
  });

  it('says how to get a trace when no run was traced', () => {
    const app = render(<TraceView result={undefined} size={SIZE} reservedLines={2} offset={0} />);
    expect(app.lastFrame()).toContain('No traced run yet: press x');
    app.unmount();
  });

  it('keeps the scroll offset in range', () => {
    expect(clampOffset(5, 24, 10)).toBe(5);
    expect(clampOffset(20, 24, 10)).toBe(14);
    expect(clampOffset(3, 4, 10)).toBe(0);
  });
});
