import { ExperimentRunner, RunAbortedError } from '@racelab/core';
import { STRATEGIES } from '@racelab/schema';
import { render } from 'ink-testing-library';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { App } from './App.js';
import { WorkerRows } from './WorkerRows.js';

/** A runner that keeps every run it was asked for, so a test can await how each one ended. */
class RecordingRunner extends ExperimentRunner {
  readonly started: Promise<unknown>[] = [];

  override run(...args: Parameters<ExperimentRunner['run']>): ReturnType<ExperimentRunner['run']> {
    const running = super.run(...args);
    this.started.push(running);
    return running;
  }
}

const SMALL = { strategy: 'mutex', workers: 4, iterations: 20_000, trials: 1 } as const;
const EXPECTED = SMALL.workers * SMALL.iterations;

/** Polls the last frame until `predicate` holds; real threads finish when they finish. */
async function frameWhere(lastFrame: () => string | undefined, predicate: (frame: string) => boolean) {
  const deadline = Date.now() + 20_000;
  for (;;) {
    const frame = lastFrame() ?? '';
    if (predicate(frame)) return frame;
    if (Date.now() > deadline) throw new Error(`timed out; last frame:\n${frame}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/** The live region: the frame after the last history line (Ink's debug frames repeat <Static> output). */
function liveRegion(frame: string): string {
  return frame.slice(frame.lastIndexOf('racelab ·'));
}

function counterOf(frame: string): number {
  const match = /counter ([\d,]+) \/ ([\d,]+)/.exec(liveRegion(frame));
  if (!match?.[1]) throw new Error(`no counter in:\n${frame}`);
  return Number(match[1].replaceAll(',', ''));
}

describe('App', () => {
  let runner: ExperimentRunner;
  beforeEach(() => {
    runner = new ExperimentRunner();
  });
  afterEach(async () => {
    await runner.close();
    expect(runner.threads).toBe(0);
  });

  it('shows worker rows, the counter and lost updates of a real race', async () => {
    const app = render(<App runner={runner} config={{ ...SMALL, strategy: 'none' }} color={false} />);
    const frame = liveRegion(await frameWhere(app.lastFrame, (text) => text.includes('Final counter:')));
    for (const worker of ['w0', 'w1', 'w2', 'w3']) expect(frame).toMatch(new RegExp(`^${worker} .*20,000 100%$`, 'm'));
    const counter = counterOf(frame);
    expect(counter).toBeLessThanOrEqual(EXPECTED);
    expect(frame).toContain(`lost updates ${(EXPECTED - counter).toLocaleString('en-US')} (`);
    app.unmount();
  });

  it('says so when the race loses nothing, as one worker alone always does', async () => {
    const app = render(<App runner={runner} config={{ ...SMALL, strategy: 'none', workers: 1 }} color={false} />);
    const frame = liveRegion(await frameWhere(app.lastFrame, (text) => text.includes('Final counter:')));
    expect(frame).toContain('✓ Final counter: 20000 (lucky: nothing lost this time; press r or →)');
    app.unmount();
  });

  it('reruns a race that lost nothing with ten times the iterations before showing the lock', async () => {
    // One worker alone can never lose an update, so the race is 'lucky' every time here.
    const app = render(<App runner={runner} config={{ ...SMALL, workers: 1 }} intro color={false} />);
    const frame = await frameWhere(app.lastFrame, (text) => /✓ mutex/.test(text));
    const history = frame.split('\n').filter((line) => /^[✓✗] (none|mutex)/.test(line));
    expect(history.map((line) => line.slice(0, 33).trimEnd())).toEqual([
      '✓ none     1 × 20,000  Final coun',
      '✓ none     1 × 200,000  Final cou',
      '✓ mutex    1 × 20,000  Final coun',
    ]);
    expect(liveRegion(frame)).toContain('✓ Final counter: 20000');
    app.unmount();
  });

  it('after a lock run, each worker row says how much of the lock it got', async () => {
    const app = render(<App runner={runner} config={SMALL} color={false} />);
    const frame = liveRegion(await frameWhere(app.lastFrame, (text) => text.includes('Final counter:')));
    for (const worker of ['w0', 'w1', 'w2', 'w3']) {
      expect(frame).toMatch(new RegExp(`^${worker} .*20,000 100% share \\d+\\.\\d\\d×$`, 'm'));
    }
    app.unmount();
  });

  it('opens on the race and then the lock, ending exact', async () => {
    const app = render(<App runner={runner} config={SMALL} intro color={false} />);
    const frame = await frameWhere(app.lastFrame, (text) => /✓ mutex/.test(text));
    expect(frame).toMatch(/[✓✗] none {5}4 × 20,000 {2}Final counter: \d+/);
    expect(liveRegion(frame)).toContain(`✓ Final counter: ${EXPECTED}`);
    app.unmount();
  });

  it('switches strategy and reruns on a key, and steps workers within bounds', async () => {
    const app = render(<App runner={runner} config={SMALL} color={false} />);
    await frameWhere(app.lastFrame, (text) => text.includes(`✓ Final counter: ${EXPECTED}`));
    app.stdin.write('s');
    let frame = await frameWhere(app.lastFrame, (text) => /✓ spinlock .*Final counter: 80000/.test(text));
    expect(liveRegion(frame)).toContain('racelab · spinlock · 4 workers');
    app.stdin.write('4');
    frame = await frameWhere(app.lastFrame, (text) => /✓ atomic .*Final counter: 80000/.test(text));
    app.stdin.write('\u001B[A');
    frame = await frameWhere(app.lastFrame, (text) => /✓ atomic +8 × 20,000 .*Final counter: 160000/.test(text));
    expect(liveRegion(frame)).toMatch(/^w7 /m);
    app.unmount();
  });

  it('applies keys that arrive in one chunk one after the other', async () => {
    const app = render(<App runner={runner} config={SMALL} color={false} />);
    await frameWhere(app.lastFrame, (text) => text.includes('✓ Final counter'));
    app.stdin.write('\u001B[B\u001B[B');
    const frame = await frameWhere(app.lastFrame, (text) => /✓ mutex +1 × 20,000/.test(text));
    expect(frame).not.toMatch(/mutex +2 × 20,000/);
    app.unmount();
  });

  it('compares every strategy side by side, closing on the lock', async () => {
    const app = render(<App runner={runner} config={SMALL} color={false} />);
    await frameWhere(app.lastFrame, (text) => text.includes('✓ Final counter'));
    app.stdin.write('c');
    const frame = liveRegion(await frameWhere(app.lastFrame, (text) => /^atomic +[\d,]+ /m.test(liveRegion(text))));
    for (const strategy of STRATEGIES)
      expect(frame).toMatch(new RegExp(`^${strategy} +[\\d,]+ +[\\d,]+ +[\\d.]+%`, 'm'));
    for (const strategy of ['mutex', 'spinlock', 'atomic']) {
      expect(frame).toMatch(new RegExp(`^${strategy} +80,000 +0 +0\\.00%`, 'm'));
    }
    expect(frame.trimEnd().split('\n').at(-3)).toBe('mutex    Final counter: 80000');
    app.unmount();
  });

  it('shows the spread of lost updates over repeated trials', async () => {
    const app = render(<App runner={runner} config={{ ...SMALL, strategy: 'none', trials: 5 }} color={false} />);
    const frame = liveRegion(await frameWhere(app.lastFrame, (text) => text.includes('Final counter:')));
    expect(frame).toMatch(/lost updates over 5\/5 trials: (0 every time|median [\d,]+\n.*\(min [\d,]+ · max [\d,]+\))/);
    app.unmount();
  });

  it('stops the run in flight when the user quits', async () => {
    const recording = new RecordingRunner();
    try {
      const long = { strategy: 'mutex', workers: 2, iterations: 100_000_000, trials: 1 } as const;
      const app = render(<App runner={recording} config={long} color={false} />);
      await frameWhere(app.lastFrame, (text) => /counter [1-9][\d,]* \//.test(liveRegion(text)));
      app.stdin.write('q');
      // The 200-million-increment run ends because it was stopped, not because it finished.
      const [inFlight] = recording.started;
      await expect(inFlight).rejects.toBeInstanceOf(RunAbortedError);
      // Unmounted: a key after quitting starts nothing and draws nothing.
      const frames = app.frames.length;
      app.stdin.write('s');
      const next = await recording.run({ workers: 1, iterations: 1 });
      expect(next.status).toBe('completed');
      expect(recording.started).toHaveLength(2);
      expect(app.frames.length).toBe(frames);
    } finally {
      await recording.close();
    }
    expect(recording.threads).toBe(0);
  });
});

describe('WorkerRows', () => {
  it("shows each worker's share of the lock once a lock run is over, a group its least-served", () => {
    const one = render(
      <WorkerRows perWorker={[100, 100, 100]} iterations={100} maxRows={8} columns={80} shares={[1.25, 0.5, 1.25]} />,
    );
    expect(one.lastFrame()).toMatch(/^w1 .*100 100% share 0\.50×$/m);
    one.unmount();
    const shares = Array.from({ length: 64 }, (_, index) => (index === 10 ? 0.25 : 1));
    const grouped = render(
      <WorkerRows perWorker={new Array(64).fill(100)} iterations={100} maxRows={5} columns={80} shares={shares} />,
    );
    const lines = (grouped.lastFrame() ?? '').split('\n');
    expect(lines.find((line) => line.startsWith('w0–'))).toMatch(/least share 0\.25×$/);
    expect(lines.find((line) => line.startsWith('w16–'))).toMatch(/least share 1\.00×$/);
    for (const line of lines) expect(line.length).toBeLessThanOrEqual(80);
    grouped.unmount();
  });

  it('summarizes 256 workers into the rows it is given', () => {
    const app = render(<WorkerRows perWorker={new Array(256).fill(50)} iterations={100} maxRows={8} columns={80} />);
    const lines = (app.lastFrame() ?? '').split('\n');
    expect(lines.length).toBeLessThanOrEqual(8);
    expect(lines.at(-1)).toMatch(/^256 workers, \d+ per row/);
    for (const line of lines) expect(line.length).toBeLessThanOrEqual(80);
    app.unmount();
  });
});
