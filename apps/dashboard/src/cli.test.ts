import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { fileURLToPath } from 'node:url';
import { ExperimentResultSchema } from '@racelab/schema';
import { describe, expect, it } from 'vitest';

/** The built bin, as users run it; `pnpm build` (turbo's test dependency) produces it. */
const CLI = fileURLToPath(new URL('../dist/cli.js', import.meta.url));
const SMALL = ['--workers', '4', '--iterations', '20000'];

function racelab(args: string[], env: NodeJS.ProcessEnv = {}) {
  // From another directory, so nothing depends on the repository being the working directory.
  const child = spawnSync(process.execPath, [CLI, ...args], {
    cwd: tmpdir(),
    encoding: 'utf8',
    env: { ...process.env, ...env },
    timeout: 60_000,
  });
  return { code: child.status, stdout: child.stdout, stderr: child.stderr };
}

describe('racelab run', () => {
  it('--json prints one schema-valid result, exact for mutex', () => {
    const { code, stdout, stderr } = racelab(['run', '--json', '--strategy', 'mutex', ...SMALL, '--trials', '2']);
    // Kept in the test's own data folder (vitest.config.ts sets XDG_DATA_HOME), never the user's.
    expect(stderr).toMatch(/^racelab: saved as \S+ in \/\S+\/racelab-test-data-\w+\/racelab\/racelab\.db\n$/);
    expect(code).toBe(0);
    const result = ExperimentResultSchema.parse(JSON.parse(stdout));
    expect(result.config).toEqual({ strategy: 'mutex', workers: 4, iterations: 20_000, trials: 2 });
    expect(result.trials.map((trial) => trial.actual)).toEqual([80_000, 80_000]);
    expect(result.summary.correct).toBe(true);
  });

  it('prints a readable table without escape codes when piped', () => {
    const { code, stdout } = racelab(['run', '--strategy', 'atomic', ...SMALL], { FORCE_COLOR: '1' });
    expect(code).toBe(0);
    expect(stdout).not.toContain('\x1b');
    expect(stdout).toMatch(/^trial +final counter +expected +lost updates/m);
    expect(stdout.trimEnd().endsWith('Final counter: 80000')).toBe(true);
  });
});

describe('racelab run --trace', () => {
  it("--json carries each trial's trace, which accounts for every lost update", () => {
    const { code, stdout } = racelab(['run', '--json', '--trace', '--strategy', 'none', ...SMALL, '--trials', '3']);
    expect(code).toBe(0);
    const result = ExperimentResultSchema.parse(JSON.parse(stdout));
    expect(result.config.trace).toBe(true);
    for (const trial of result.trials) {
      expect(trial.trace).toBeDefined();
      expect((trial.trace?.repeatedReads ?? -1) + (trial.trace?.readsAboveFinal ?? -1)).toBe(trial.lostUpdates);
    }
  });

  it('prints the accounting in words', () => {
    const { code, stdout } = racelab(['run', '--trace', '--strategy', 'mutex', ...SMALL]);
    expect(code).toBe(0);
    expect(stdout).toContain('racelab run: mutex, 4 workers × 20,000 increments, 1 trial, traced');
    expect(stdout).toContain(
      '0 lost updates = 0 values read again + 0 reads at or above the final counter: every value was read once',
    );
    expect(stdout).toContain('the counter never went backwards');
  });
});

describe('racelab compare', () => {
  it('--json prints all four strategies, the synchronized ones exact', () => {
    const { code, stdout } = racelab(['compare', '--json', ...SMALL]);
    expect(code).toBe(0);
    const results = (JSON.parse(stdout) as unknown[]).map((entry) => ExperimentResultSchema.parse(entry));
    expect(results.map((result) => result.config.strategy)).toEqual(['none', 'mutex', 'spinlock', 'atomic']);
    for (const result of results) {
      const actual = result.trials[0]?.actual ?? -1;
      if (result.config.strategy === 'none') expect(actual).toBeLessThanOrEqual(80_000);
      else expect(actual).toBe(80_000);
    }
  });

  it('ends its table on the lock, like the seed lesson', () => {
    const { code, stdout } = racelab(['compare', ...SMALL]);
    expect(code).toBe(0);
    expect(stdout).toMatch(/^none +Final counter: \d+/m);
    expect(stdout).toMatch(/^mutex +Final counter: 80000$/m);
  });
});

// The wording of each message is args.test.ts's; here, the contract of the process itself.
describe('racelab usage', () => {
  it.each([
    [['run', '--workers', '0'], 'racelab: --workers must be an integer from 1 to 256 (got 0)\n'],
    [['run', '--fast'], 'racelab: unknown option --fast (see racelab --help)\n'],
    [
      ['run', '--host', 'lab-1'],
      'racelab: --host needs --server URL: racelab run --server URL --host NAME|all runs on a lab\n',
    ],
    [
      ['run', '--trace', '--workers', '256', '--iterations', '100000'],
      'racelab: --trace: workers × iterations must be at most 16,777,216 when trace is on (64 MiB of logs); got 25,600,000\n',
    ],
  ])('%j exits 2 with one line on stderr and nothing on stdout', (args, line) => {
    const { code, stdout, stderr } = racelab(args);
    expect(code).toBe(2);
    expect(stdout).toBe('');
    expect(stderr).toBe(line);
  });

  it('--help lists every flag with its bounds and default', () => {
    const { code, stdout } = racelab(['--help']);
    expect(code).toBe(0);
    expect(stdout).toContain('--workers <n>       worker threads (1 to 256, default 10)');
    expect(stdout).toContain('--iterations <n>    increments per worker (1 to 100,000,000, default 100,000)');
    expect(stdout).toContain('--trials <n>        repetitions of the experiment (1 to 100, default 1)');
    expect(stdout).toMatch(/--strategy <name> +none \| mutex \| spinlock \| atomic \(default mutex/);
    expect(stdout).toMatch(/--trace +run: record every read/);
    expect(stdout).toContain('at most 16,777,216 with --trace');
  });

  it('--version prints the package version', () => {
    const manifest = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as {
      version: string;
    };
    expect(racelab(['--version']).stdout).toBe(`${manifest.version}\n`);
  });

  it('without a terminal, runs the seed experiment and prints a plain summary', () => {
    const { code, stdout } = racelab([]);
    expect(code).toBe(0);
    expect(stdout).not.toContain('\x1b');
    expect(stdout).toContain('racelab run: mutex, 10 workers × 100,000 increments, 1 trial');
    expect(stdout.trimEnd().endsWith('Final counter: 1000000')).toBe(true);
  });
});
