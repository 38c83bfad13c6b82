import { spawnSync } from 'node:child_process';
import { readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ExperimentResultSchema } from '@racelab/schema';
import { afterEach, describe, expect, it } from 'vitest';

/**
 * The dashboard in a real terminal: tmux gives it a TTY of a known size, and its capture shows what
 * a person would see. A private tmux server (-L) keeps the test away from any tmux the user runs.
 */
const hasTmux = spawnSync('tmux', ['-V']).status === 0;
const CLI = fileURLToPath(new URL('../dist/cli.js', import.meta.url));
// A fresh server per test: one being killed can still hold its socket when the next test starts.
let server = '';
let servers = 0;
const PANE = 'dashboard';
const ESC = String.fromCharCode(0x1b);

function tmux(...args: string[]): string {
  const result = spawnSync('tmux', ['-L', server, ...args], { encoding: 'utf8' });
  if (result.status !== 0) throw new Error(`tmux ${args.join(' ')}: ${result.stderr}`);
  return result.stdout;
}

const screen = () => tmux('capture-pane', '-p', '-t', PANE);

async function screenWhere(predicate: (text: string) => boolean, timeoutMs = 30_000): Promise<string> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const text = screen();
    if (predicate(text)) return text;
    if (Date.now() > deadline) throw new Error(`timed out; the screen was:\n${text}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/**
 * Starts the dashboard in an 80×24 pane. After it exits, the pane's shell reports the exit code and
 * whether the terminal is back in cooked mode, then idles so the test can still look at it. CI is
 * unset because Ink (and racelab, following it) print a plain summary instead of animating in CI.
 */
function startDashboard(args: string, env = ''): void {
  server = `racelab-test-${process.pid}-${++servers}`;
  const after = `echo "racelab exited $?"; if stty -a | grep -q -- -icanon; then echo "tty raw"; else echo "tty cooked"; fi`;
  const command = `env -u CI -u CONTINUOUS_INTEGRATION TERM=xterm-256color ${env} node ${CLI} ${args}; ${after}; exec sleep 120`;
  tmux('new-session', '-d', '-s', PANE, '-x', '80', '-y', '24', command);
}

function expectRestored(text: string): void {
  expect(text).toContain('tty cooked');
  // Cursor shown again, main screen, and node gone: the shell's `sleep` owns the pane now.
  expect(
    tmux('display-message', '-p', '-t', PANE, '#{cursor_flag} #{alternate_on} #{pane_current_command}').trim(),
  ).toBe('1 0 sleep');
}

/** The node process tmux runs under the pane's shell. */
function dashboardPid(): number {
  const shell = tmux('display-message', '-p', '-t', PANE, '#{pane_pid}').trim();
  const children = spawnSync('ps', ['-o', 'pid=,comm=', '--ppid', shell], { encoding: 'utf8' }).stdout;
  const line = children.split('\n').find((entry) => entry.trim().endsWith('node'));
  if (!line) throw new Error(`no node process under the pane's shell ${shell}: ${children}`);
  return Number.parseInt(line, 10);
}

// CI installs tmux (.ci/run): there a missing one is a failure, not a skip counted as a pass.
if (!hasTmux && process.env.CI === 'true') throw new Error('tmux is not installed (Debian: apt-get install tmux)');
const TITLE = hasTmux
  ? 'dashboard in a real terminal (tmux)'
  : 'dashboard in a real terminal: skipped because tmux is not installed (CI installs it)';

describe.skipIf(!hasTmux)(TITLE, () => {
  afterEach(() => {
    spawnSync('tmux', ['-L', server, 'kill-server']);
  });

  it('opens on the race and the lock, fits 80×24, and q restores the terminal', async () => {
    startDashboard('');
    // The lock's run, not the race's: on a busy machine the race may lose nothing (a lucky run that
    // also ends on 1000000, which the intro then reruns bigger), so wait for the mutex view itself.
    const text = await screenWhere(
      (shown) => /^racelab · mutex · /m.test(shown) && shown.includes('✓ Final counter: 1000000'),
      60_000,
    );
    // The race's line may have scrolled above the screen (the lucky rerun adds one): look in the scrollback too.
    expect(tmux('capture-pane', '-p', '-S', '-100', '-t', PANE)).toMatch(
      /^[✓✗] none +10 × [\d,]+ +Final counter: \d+/m,
    );
    expect(text).toMatch(/^racelab · mutex · 10 workers × 100,000 increments$/m);
    expect(text).toMatch(/^w9 █+ 100,000 100% share \d+\.\d\d×$/m);
    expect(text).toContain('counter 1,000,000 / 1,000,000');
    // At 80 columns the keys take two lines, wrapped between keys (Footer's footerLines says how many).
    expect(text).toMatch(/^r run {2}s strategy {2}↑↓ workers {2}←→ iterations {2}t trials {2}c compare {2}x trace$/m);
    expect(text).toMatch(/^h log {2}q quit$/m);
    tmux('send-keys', '-t', PANE, 'q');
    expectRestored(await screenWhere((shown) => shown.includes('tty ')));
    expect(screen()).toMatch(/^racelab exited 0$/m);
  });

  it('keeps its fullest live view shorter than 80×24', async () => {
    startDashboard('--strategy none --workers 64 --iterations 1000 --trials 5');
    const lines = (await screenWhere((shown) => shown.includes('Final counter:'))).split('\n');
    const header = lines.findIndex((line) => line.startsWith('racelab · none · 64 workers'));
    const footer = lines.findIndex((line) => line.startsWith('r run  s strategy'));
    const footerEnd = lines.findIndex((line, index) => index > footer && line.endsWith('q quit'));
    expect(lines.slice(header).join('\n')).toMatch(/^lost updates over 5\/5 trials/m);
    // Header to footer all on screen, and the footer's last line off the last row: Ink keeps the cursor below it.
    expect(header).toBeGreaterThanOrEqual(0);
    expect(footer).toBeGreaterThan(header);
    expect(footerEnd).toBeGreaterThan(footer);
    expect(footerEnd).toBeLessThan(23);
    tmux('send-keys', '-t', PANE, 'q');
    await screenWhere((shown) => shown.includes('tty '));
    expect(screen()).toMatch(/^racelab exited 0$/m);
  });

  it('traces the race and opens its trace view at 80×24: the accounting adds up, every line fits', async () => {
    startDashboard('--strategy none --trace');
    await screenWhere((shown) => shown.includes('v: see the trace · '), 60_000);
    tmux('send-keys', '-t', PANE, 'v');
    const text = await screenWhere((shown) => /^racelab · trace · none · 10 × 100,000$/m.test(shown));
    const lines = text.split('\n');
    const header = lines.findIndex((line) => line.startsWith('racelab · trace'));
    const footer = lines.findIndex((line) => line.startsWith('v back'));
    expect(header).toBeGreaterThanOrEqual(0);
    expect(footer).toBeGreaterThan(header);
    expect(footer).toBeLessThan(23);
    for (const line of lines) expect(line.length).toBeLessThanOrEqual(80);
    const accounting = /^([\d,]+) lost = ([\d,]+) read again \+ ([\d,]+) read at or above the final counter$/m.exec(
      text,
    );
    const count = (index: number) => Number(accounting?.[index]?.replaceAll(',', ''));
    expect(accounting).not.toBeNull();
    expect(count(1)).toBe(count(2) + count(3));
    // The same run's line in the history (above the live region) lost as many.
    const history = /^[✓✗] none +10 × 100,000 +Final counter: (\d+)/m.exec(text);
    if (history) expect(1_000_000 - Number(history[1])).toBe(count(1));
    expect(count(1)).toBeLessThanOrEqual(1_000_000);
    // A spark line per worker, or as many as fit and a line saying which.
    expect(text).toMatch(/^w0 [▁▂▃▄▅▆▇█ ]+/m);
    if (!/^w0–w\d of 10 workers · ↑↓ scroll$/m.test(text)) {
      for (let worker = 0; worker < 10; worker++) expect(text).toMatch(new RegExp(`^w${worker} [▁▂▃▄▅▆▇█ ]+`, 'm'));
    }
    tmux('send-keys', '-t', PANE, 'q');
    expectRestored(await screenWhere((shown) => shown.includes('tty ')));
    expect(screen()).toMatch(/^racelab exited 0$/m);
  });

  it('h lists the kept runs within 80×24; Enter runs the picked one again, and q restores the terminal', async () => {
    const database = join(tmpdir(), `racelab-tmux-${process.pid}-${servers + 1}.db`);
    try {
      startDashboard(`--strategy atomic --workers 2 --iterations 1000 --database ${database}`);
      await screenWhere((shown) => shown.includes('✓ Final counter: 2000'));
      tmux('send-keys', '-t', PANE, 's'); // a second run: none
      await screenWhere((shown) => /^racelab · none · 2 workers/m.test(shown) && /Final counter: \d+/.test(shown));
      tmux('send-keys', '-t', PANE, 'h');
      const list = await screenWhere((shown) => shown.includes('history · the 2 newest runs'));
      for (const line of list.split('\n')) expect(line.length).toBeLessThanOrEqual(80);
      expect(list).toMatch(/^▸ \d\d-\d\d \d\d:\d\d +none +2×1,000 /m);
      expect(list).toMatch(
        /^ {2}\d\d-\d\d \d\d:\d\d +atomic +2×1,000 +2,000 +lost 0 +[\d.]+[kMG]? ops\/s +dashboard$/m,
      );
      expect(list).toMatch(/^↑↓ pick {2}enter run it again {2}esc back {2}q quit$/m);
      tmux('send-keys', '-t', PANE, 'Down');
      await screenWhere((shown) => /^▸ .* atomic /m.test(shown));
      tmux('send-keys', '-t', PANE, 'Enter');
      await screenWhere(
        (shown) => /^racelab · atomic · 2 workers × 1,000 increments$/m.test(shown) && /^r run/m.test(shown),
      );
      tmux('send-keys', '-t', PANE, 'q');
      expectRestored(await screenWhere((shown) => shown.includes('tty ')));
      expect(screen()).toMatch(/^racelab exited 0$/m);
    } finally {
      rmSync(database, { force: true });
      rmSync(`${database}-wal`, { force: true });
      rmSync(`${database}-shm`, { force: true });
    }
  });

  it('draws no colour when NO_COLOR is set', async () => {
    startDashboard('--strategy none --workers 2 --iterations 1000', 'NO_COLOR=1');
    await screenWhere((shown) => shown.includes('Final counter:'));
    // -e keeps the escape sequences; foreground colours are SGR 30–37 and 90–97 (resets, 39, are fine).
    const styled = tmux('capture-pane', '-p', '-e', '-t', PANE);
    const foreground = new RegExp(`${ESC}\\[(?:[0-9;]*;)?(?:3[0-7]|9[0-7])(?:;[0-9;]*)?m`);
    expect(styled).not.toMatch(foreground);
    tmux('send-keys', '-t', PANE, 'q');
    expectRestored(await screenWhere((shown) => shown.includes('tty ')));
  });

  it('draws progress live and stops mid-run on Ctrl+C with exit code 130', async () => {
    startDashboard('--strategy mutex --iterations 20000000');
    const first = await screenWhere((shown) => /counter [1-9][\d,]* \/ 200,000,000/.test(shown));
    const counter = (text: string) => Number(/counter ([\d,]+) \//.exec(text)?.[1]?.replaceAll(',', ''));
    const later = await screenWhere((shown) => counter(shown) > counter(first));
    expect(later).toContain('running… (esc stops it)');
    expect(later).toMatch(/lost updates so far 0 \(0\.00%\)/);
    tmux('send-keys', '-t', PANE, 'C-c');
    expectRestored(await screenWhere((shown) => shown.includes('tty '), 10_000));
    expect(screen()).toMatch(/^racelab exited 130$/m);
  });

  it('racelab run --json: Ctrl+C mid-run stops the workers, exits 130 and prints the cancelled result', async () => {
    const out = join(tmpdir(), `racelab-tmux-${process.pid}-${servers + 1}.json`);
    try {
      startDashboard(`run --json --workers 2 --iterations 100000000 > ${out}`);
      // stderr is the terminal, so it shows the progress line: the workers are counting.
      await screenWhere((shown) => /racelab: mutex trial 1\/1 (?!0\.00%)[\d.]+%/.test(shown));
      tmux('send-keys', '-t', PANE, 'C-c');
      await screenWhere((shown) => shown.includes('racelab exited'), 10_000);
      expect(screen()).toMatch(/^racelab exited 130$/m);
      const result = ExperimentResultSchema.parse(JSON.parse(readFileSync(out, 'utf8')));
      expect(result.status).toBe('cancelled');
      expect(result.error?.code).toBe('cancelled');
    } finally {
      rmSync(out, { force: true });
    }
  });

  it('re-lays itself out when the terminal shrinks, and SIGTERM still restores it', async () => {
    startDashboard('--strategy atomic --workers 32 --iterations 1000');
    await screenWhere((shown) => shown.includes('✓ Final counter: 32000'));
    tmux('resize-window', '-t', PANE, '-x', '60', '-y', '16');
    // Ink repaints on the resize event; wait for the new layout rather than the old one re-wrapped.
    // At 80×24 the 32 workers take 3 per row; 16 rows leave room for fewer rows, so more per row.
    const text = await screenWhere(
      (shown) => /^32 workers, ([4-9]|\d\d) per row/m.test(shown) && /^racelab · atomic · 32 workers/m.test(shown),
    );
    for (const line of text.split('\n')) expect(line.length).toBeLessThanOrEqual(60);
    expect(text).toContain('✓ Final counter: 32000');
    process.kill(dashboardPid(), 'SIGTERM');
    expectRestored(await screenWhere((shown) => shown.includes('tty ')));
    expect(screen()).toMatch(/^racelab exited 143$/m);
  });
});
