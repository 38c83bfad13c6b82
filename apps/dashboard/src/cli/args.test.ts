import { UsageError } from '@racelab/command-line';
import { CONFIG_BOUNDS, DEFAULT_CONFIG } from '@racelab/schema';
import { describe, expect, it } from 'vitest';
import { parseCommandLine } from './args.js';

function usageError(argv: string[]): string {
  try {
    parseCommandLine(argv);
  } catch (error) {
    expect(error).toBeInstanceOf(UsageError);
    return (error as Error).message;
  }
  throw new Error(`expected ${argv.join(' ')} to be rejected`);
}

describe('parseCommandLine', () => {
  it('defaults to the dashboard on the seed experiment', () => {
    const line = parseCommandLine([]);
    expect(line).toMatchObject({ command: 'dashboard', config: DEFAULT_CONFIG, given: [], json: false });
  });

  it('reads run flags into a validated config', () => {
    const line = parseCommandLine(['run', '--strategy', 'none', '--workers=4', '--iterations', '1_000', '--json']);
    expect(line.command).toBe('run');
    expect(line.json).toBe(true);
    expect(line.config).toEqual({ strategy: 'none', workers: 4, iterations: 1000, trials: 1 });
    expect(line.given).toEqual(['strategy', 'workers', 'iterations']);
  });

  it('accepts grouped numbers as printed in the reports', () => {
    expect(parseCommandLine(['compare', '--iterations', '100,000']).config.iterations).toBe(100_000);
  });

  it('names the flag, the range and the value given', () => {
    const { max } = CONFIG_BOUNDS.workers;
    expect(usageError(['run', '--workers', '0'])).toBe(`--workers must be an integer from 1 to ${max} (got 0)`);
    expect(usageError(['run', '--trials', 'many'])).toBe('--trials must be an integer from 1 to 100 (got many)');
    expect(usageError(['run', '--iterations', '2.5'])).toMatch(
      /^--iterations must be an integer from 1 to 100,000,000/,
    );
    expect(usageError(['run', '--iterations', '1e9'])).toBe(
      '--iterations must be an integer from 1 to 100,000,000 (got 1e9)',
    );
    expect(usageError(['run', '--iterations=-5'])).toBe(
      '--iterations must be an integer from 1 to 100,000,000 (got -5)',
    );
    expect(usageError(['run', '--strategy', 'lock'])).toBe(
      '--strategy must be one of none, mutex, spinlock, atomic (got lock)',
    );
  });

  it('reports every bad flag on one line, including the total cap', () => {
    const message = usageError(['run', '--workers', '256', '--iterations', '100000000', '--trials', '0']);
    expect(message).not.toContain('\n');
    expect(message).toContain('--iterations: workers × iterations must be at most 2,147,483,647');
    expect(message).toContain('--trials must be an integer from 1 to 100 (got 0)');
  });

  it('reads --trace into the config, and refuses a trace over its limit naming it', () => {
    expect(parseCommandLine(['run', '--trace']).config.trace).toBe(true);
    expect(parseCommandLine(['run']).config.trace).toBeUndefined();
    expect(usageError(['run', '--trace', '--workers', '17', '--iterations', '1,000,000'])).toBe(
      '--trace: workers × iterations must be at most 16,777,216 when trace is on (64 MiB of logs); got 17,000,000',
    );
    expect(usageError(['compare', '--trace'])).toMatch(/^--trace does not apply to compare/);
  });

  it('rejects unknown options, commands and misplaced flags', () => {
    expect(usageError(['run', '--fast'])).toBe('unknown option --fast');
    expect(usageError(['run', '--workers'])).toBe('--workers needs a value');
    expect(usageError(['run', '--iterations', '-5'])).toBe(
      "--iterations needs a value (a value starting with '-' goes as --iterations=-N)",
    );
    expect(usageError(['race'])).toMatch(/^unknown command 'race'/);
    expect(usageError(['run', 'extra'])).toMatch(/^unexpected argument 'extra'/);
    expect(usageError(['compare', '--strategy', 'none'])).toMatch(/^--strategy does not apply to compare/);
    expect(usageError(['--json'])).toMatch(/^--json needs a command/);
  });

  it('lets --help and --version through without validating the rest', () => {
    expect(parseCommandLine(['run', '--workers', '0', '--help']).help).toBe(true);
    expect(parseCommandLine(['--version']).version).toBe(true);
  });
});

describe('parseCommandLine: the notebook', () => {
  it('saves by default; --no-save, --database and --host-name are read for run, compare and the dashboard', () => {
    expect(parseCommandLine(['run']).notebook).toEqual({ save: true });
    expect(parseCommandLine(['compare', '--no-save']).notebook).toEqual({ save: false });
    expect(parseCommandLine(['--database', 'postgres://db/lab', '--host-name', 'pc-3']).notebook).toEqual({
      save: true,
      database: 'postgres://db/lab',
      hostName: 'pc-3',
    });
  });

  it('reads history filters through the schema, times normalised and the limit a number', () => {
    const line = parseCommandLine(['history', '--strategy', 'none', '--since', '2026-12-01', '--limit', '20', '--csv']);
    expect(line.history).toEqual({
      filter: { strategy: 'none', since: '2026-12-01T00:00:00.000Z', limit: 20 },
      format: 'csv',
      limited: true,
    });
    expect(parseCommandLine(['history']).history).toEqual({ filter: { limit: 50 }, format: 'table', limited: false });
  });

  it('takes one id for show and two or more for compare', () => {
    expect(parseCommandLine(['show', 'abc', '--json'])).toMatchObject({ command: 'show', ids: ['abc'], json: true });
    expect(parseCommandLine(['compare', 'a', 'b', 'c']).ids).toEqual(['a', 'b', 'c']);
    expect(usageError(['show'])).toBe('show needs a run id (racelab history lists them)');
    expect(usageError(['compare', 'a'])).toBe('compare needs two or more run ids, or none to run every strategy');
    expect(usageError(['compare', 'a', 'b', '--workers', '4'])).toBe(
      '--workers does not apply to compare ID ID…, which shows stored runs',
    );
  });

  it('refuses flags where they do nothing, naming where they belong', () => {
    expect(usageError(['run', '--since', '2026-12-01'])).toBe('--since does not apply to run; it is for history');
    expect(usageError(['history', '--no-save'])).toBe(
      '--no-save does not apply to history; it is for run, compare and the dashboard',
    );
    expect(usageError(['compare', '--submit', 'http://lab'])).toBe('--submit does not apply to compare; it is for run');
    expect(usageError(['run', '--token', 't'])).toBe('--token goes with --submit URL');
    expect(usageError(['run', '--host', 'lab-1'])).toBe(
      '--host needs --server URL: racelab run --server URL --host NAME|all runs on a lab',
    );
    expect(usageError(['run', '--database', ' '])).toBe('--database needs a value');
  });

  it('--submit takes an http(s) URL and an optional token', () => {
    expect(parseCommandLine(['run', '--submit', 'http://lab:8787', '--token', 'sesame']).submit).toEqual({
      url: 'http://lab:8787/',
      token: 'sesame',
    });
    const env = { RACELAB_API_TOKEN: 'from-env' };
    expect(parseCommandLine(['run', '--submit', 'http://lab'], env).submit).toEqual({
      url: 'http://lab/',
      token: 'from-env',
    });
    expect(parseCommandLine(['run', '--submit', 'http://lab', '--token', 'flag'], env).submit?.token).toBe('flag');
    expect(parseCommandLine(['run', '--submit', 'http://lab'], { RACELAB_API_TOKEN: '' }).submit).toEqual({
      url: 'http://lab/',
    });
    expect(parseCommandLine(['run'], env).submit).toBeUndefined();
    expect(usageError(['run', '--submit', 'lab'])).toBe(
      '--submit must be an http:// or https:// URL of a racelab server (got lab)',
    );
  });
});
