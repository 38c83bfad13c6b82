import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ExperimentRunner } from '@racelab/core';
import { openRunStore } from '@racelab/store';
import { render } from 'ink-testing-library';
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import { dashboardNotebook } from '../notebook/dashboard-notebook.js';
import { App } from './App.js';

const SMALL = { strategy: 'atomic', workers: 2, iterations: 1_000, trials: 1 } as const;
const folder = mkdtempSync(join(tmpdir(), 'racelab-app-history-'));
let files = 0;
afterAll(() => rmSync(folder, { recursive: true, force: true }));

async function frameWhere(lastFrame: () => string | undefined, predicate: (frame: string) => boolean) {
  const deadline = Date.now() + 20_000;
  for (;;) {
    const frame = lastFrame() ?? '';
    if (predicate(frame)) return frame;
    if (Date.now() > deadline) throw new Error(`timed out; last frame:\n${frame}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/** Waits until the notebook holds `count` runs: saving is asynchronous, after the run is on screen. */
async function keptRuns(database: string, count: number): Promise<void> {
  const store = await openRunStore(database);
  try {
    const deadline = Date.now() + 20_000;
    while ((await store.list({}, { limit: 100 })).runs.length < count) {
      if (Date.now() > deadline) throw new Error(`the notebook never held ${count} runs`);
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  } finally {
    await store.close();
  }
}

/** The live region: what follows the last finished-run line Ink repeats from <Static>. */
const liveRegion = (frame: string) =>
  frame.slice(Math.max(frame.lastIndexOf('racelab ·'), frame.lastIndexOf('history ·')));

describe('App and the notebook', () => {
  let runner: ExperimentRunner;
  beforeEach(() => {
    runner = new ExperimentRunner();
  });
  afterEach(async () => {
    await runner.close();
  });

  it('keeps each finished run, lists them on h, and Enter runs the picked one again with its settings', async () => {
    const database = join(folder, `notebook-${++files}.db`);
    const notebook = dashboardNotebook({ save: true, database, hostName: 'desk-1' }, {});
    const app = render(<App runner={runner} config={SMALL} color={false} notebook={notebook} />);
    await frameWhere(app.lastFrame, (text) => text.includes('Final counter: 2000'));
    app.stdin.write('s'); // atomic → none: a second run, another strategy
    await keptRuns(database, 2);

    app.stdin.write('h');
    const list = liveRegion(await frameWhere(app.lastFrame, (text) => text.includes('history · the 2 newest runs')));
    expect(list).toContain(`from ${database}`);
    const rows = list.split('\n').filter((line) => /^[▸ ] \d\d-\d\d \d\d:\d\d/.test(line));
    expect(rows.map((row) => row.split(/\s+/)[3])).toEqual(['none', 'atomic']);
    expect(rows[0]?.startsWith('▸')).toBe(true);
    expect(rows[1]).toMatch(/atomic +2×1,000 +2,000 +lost 0 .* dashboard$/);
    expect(list).toMatch(/↑↓ pick {2}enter run it again {2}esc back {2}q quit/);

    app.stdin.write('j'); // down to the atomic run (the tmux test presses the real ↓)
    await frameWhere(app.lastFrame, (text) => /^▸ .* atomic /m.test(liveRegion(text)));
    app.stdin.write('\r');
    const rerun = await frameWhere(
      app.lastFrame,
      (text) =>
        /racelab · atomic · 2 workers × 1,000 increments/.test(liveRegion(text)) &&
        /Final counter: 2000/.test(liveRegion(text)),
    );
    expect(liveRegion(rerun)).toMatch(/h log {2}q quit/);
    app.unmount();
    await notebook.close();

    const store = await openRunStore(database);
    const { runs } = await store.list({}, { limit: 10 });
    await store.close();
    expect(runs.map((run) => run.config.strategy)).toEqual(['atomic', 'none', 'atomic']);
    for (const run of runs) expect(run).toMatchObject({ source: 'dashboard', host: 'desk-1', verified: true });
  });

  it('Esc goes back without running anything', async () => {
    const notebook = dashboardNotebook({ save: true, database: join(folder, `notebook-${++files}.db`) }, {});
    const app = render(<App runner={runner} config={SMALL} color={false} notebook={notebook} />);
    await frameWhere(app.lastFrame, (text) => text.includes('Final counter: 2000'));
    app.stdin.write('h');
    await frameWhere(app.lastFrame, (text) => text.includes('history · the 1 newest runs'));
    app.stdin.write('\u001B');
    const back = await frameWhere(app.lastFrame, (text) => /racelab · atomic/.test(liveRegion(text)));
    expect(liveRegion(back)).toContain('Final counter: 2000');
    app.unmount();
    await notebook.close();
  });

  it('a run the notebook cannot keep shows one line, and the dashboard goes on', async () => {
    const database = join(folder, `not-a-notebook-${++files}.txt`);
    writeFileSync(database, 'my notes\n');
    const notebook = dashboardNotebook({ save: true, database }, {});
    const app = render(<App runner={runner} config={SMALL} color={false} notebook={notebook} />);
    const frame = await frameWhere(app.lastFrame, (text) => text.includes('not saved:'));
    expect(frame).toMatch(/^not saved: .* is not a racelab database/m);
    app.stdin.write('h');
    await frameWhere(app.lastFrame, (text) => text.includes('cannot read the notebook:'));
    app.stdin.write('\u001B');
    // Esc then r in one chunk would read as Alt+r: wait for the live view first.
    await frameWhere(app.lastFrame, (text) => /racelab · atomic/.test(liveRegion(text)));
    app.stdin.write('r');
    await frameWhere(app.lastFrame, (text) => /Final counter: 2000/.test(liveRegion(text)));
    app.unmount();
    await notebook.close();
  });

  it('--no-save keeps nothing, and the history still reads what was kept before', async () => {
    const database = join(folder, `notebook-${++files}.db`);
    const notebook = dashboardNotebook({ save: false, database }, {});
    const app = render(<App runner={runner} config={SMALL} color={false} notebook={notebook} />);
    await frameWhere(app.lastFrame, (text) => text.includes('Final counter: 2000'));
    app.stdin.write('h');
    await frameWhere(app.lastFrame, (text) => text.includes(`no runs kept yet from ${database}`));
    app.unmount();
    await notebook.close();
  });
});
