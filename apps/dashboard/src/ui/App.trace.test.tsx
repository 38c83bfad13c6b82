import { ExperimentRunner } from '@racelab/core';
import { render } from 'ink-testing-library';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { App } from './App.js';

/** Polls the last frame until `predicate` holds; real threads finish when they finish. */
async function frameWhere(lastFrame: () => string | undefined, predicate: (frame: string) => boolean) {
  const deadline = Date.now() + 30_000;
  for (;;) {
    const frame = lastFrame() ?? '';
    if (predicate(frame)) return frame;
    if (Date.now() > deadline) throw new Error(`timed out; last frame:\n${frame}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

const number = (text: string | undefined) => Number(text?.replaceAll(',', ''));

describe('App: the trace', () => {
  let runner: ExperimentRunner;
  beforeEach(() => {
    runner = new ExperimentRunner();
  });
  afterEach(async () => {
    await runner.close();
    expect(runner.threads).toBe(0);
  });

  it('x traces the next run, and v shows its accounting, rollbacks and a line per worker', async () => {
    const config = { strategy: 'none', workers: 4, iterations: 50_000, trials: 1 } as const;
    const app = render(<App runner={runner} config={config} color={false} />);
    await frameWhere(app.lastFrame, (text) => /[✓✗] none +4 × 50,000/.test(text));
    app.stdin.write('x');
    // The traced run's own line under the result: the accounting, and the key to the trace.
    const live = await frameWhere(app.lastFrame, (text) => text.includes('v: see the trace · '));
    expect(live).toMatch(/x trace ✓/);
    app.stdin.write('v');
    const frame = await frameWhere(app.lastFrame, (text) => text.includes('racelab · trace · none · 4 × 50,000'));
    const view = frame.slice(frame.lastIndexOf('racelab · trace'));
    const accounting = /^([\d,]+) lost = ([\d,]+) read again \+ ([\d,]+) read at or above the final counter$/m.exec(
      view,
    );
    expect(accounting).not.toBeNull();
    const [lost, again, above] = [accounting?.[1], accounting?.[2], accounting?.[3]].map(number);
    expect(lost).toBe((again ?? 0) + (above ?? 0));
    expect(lost).toBeLessThanOrEqual(200_000);
    // The same number as the run's own line in the history.
    const history = /^[✓✗] none +4 × 50,000 +Final counter: (\d+)/m.exec(
      frame.slice(frame.lastIndexOf('tracing the next')),
    );
    if (history) expect(200_000 - number(history[1])).toBe(lost);
    for (const worker of ['w0', 'w1', 'w2', 'w3']) expect(view).toMatch(new RegExp(`^${worker} [▁▂▃▄▅▆▇█ ]+`, 'm'));
    expect(view).toMatch(/^v back {2}↑↓ scroll/m);
    // ink-testing-library's terminal is 100 columns wide (TraceView.test.tsx checks 80 × 24).
    for (const line of view.split('\n')) expect(line.length, view).toBeLessThanOrEqual(100);
    app.stdin.write('v');
    await frameWhere(app.lastFrame, (text) => /^r run {2}s strategy/m.test(text.slice(text.lastIndexOf('racelab ·'))));
    app.unmount();
  });

  it('refuses to trace past the limit with one message, and runs nothing', async () => {
    const config = { strategy: 'atomic', workers: 2, iterations: 10_000_000, trials: 1 } as const;
    const app = render(<App runner={runner} config={config} color={false} />);
    await frameWhere(app.lastFrame, (text) => text.includes('✓ atomic'));
    const finished = (app.lastFrame() ?? '').match(/^✓ atomic/gm)?.length;
    app.stdin.write('x');
    const frame = await frameWhere(app.lastFrame, (text) => text.includes('16,777,216'));
    expect(frame).toContain('trace: workers × iterations must be at most 16,777,216 when trace is on');
    expect(frame).not.toContain('x trace ✓');
    expect(frame.match(/^✓ atomic/gm)?.length).toBe(finished);
    app.unmount();
  });

  it('v before any traced run says how to get one', async () => {
    const app = render(
      <App runner={runner} config={{ strategy: 'mutex', workers: 1, iterations: 10, trials: 1 }} color={false} />,
    );
    await frameWhere(app.lastFrame, (text) => text.includes('Final counter'));
    app.stdin.write('v');
    expect(await frameWhere(app.lastFrame, (text) => text.includes('no traced run yet'))).toContain('press x');
    app.unmount();
  });
});
