import { describe, expect, it } from 'vitest';
import { EXIT_CODES } from './exit-codes.js';
import { flagProblem, integerFlag, parseNumber } from './integer-flag.js';
import { parseFlags } from './parse-flags.js';
import { reportError, UsageError } from './usage-error.js';

function thrown(action: () => unknown): UsageError {
  try {
    action();
  } catch (error) {
    if (error instanceof UsageError) return error;
    throw error;
  }
  throw new Error('expected a UsageError');
}

function reported(program: string, error: unknown): { code: number; stderr: string } {
  let stderr = '';
  const code = reportError(program, error, { write: (text: string) => (stderr += text) });
  return { code, stderr };
}

const OPTIONS = { port: { type: 'string' }, quiet: { type: 'boolean' } } as const;

describe('parseFlags', () => {
  it('returns what node:util parseArgs returns', () => {
    const { values } = parseFlags({ args: ['--port', '80', '--quiet'], options: OPTIONS, strict: true });
    expect(values).toEqual({ port: '80', quiet: true });
  });

  it.each([
    [['--fast'], 'unknown option --fast', true],
    [['--port'], '--port needs a value', false],
    [['--port', '-5'], "--port needs a value (a value starting with '-' goes as --port=-5)", false],
    [['--quiet=yes'], '--quiet takes no value', false],
    [['extra'], "unexpected argument 'extra'", true],
  ])('turns %j into a short usage error', (args, message, seeHelp) => {
    const error = thrown(() => parseFlags({ args, options: OPTIONS, strict: true, allowPositionals: false }));
    expect(error.message.replace('=-N', '=-5')).toBe(message);
    expect(error.seeHelp).toBe(seeHelp);
  });
});

describe('integerFlag', () => {
  it('reads integers, grouped as reports print them', () => {
    expect(integerFlag('--port', '8080', 0, 65_535)).toBe(8080);
    expect(integerFlag('--iterations', '100_000', 1, 1e8)).toBe(100_000);
    expect(integerFlag('--iterations', '100,000', 1, 1e8)).toBe(100_000);
    expect(integerFlag('--port', undefined, 0, 65_535)).toBeUndefined();
    expect(integerFlag('--port', '', 0, 65_535)).toBeUndefined();
  });

  it.each(['eighty', '1.5', '-1', '65536', ' ', '1,00'])(
    'rejects %j naming the flag, the range and the value',
    (text) => {
      const error = thrown(() => integerFlag('--port', text, 0, 65_535));
      expect(error.message).toBe(`--port must be an integer from 0 to 65,535 (got ${text})`);
      expect(error.exitCode).toBe(EXIT_CODES.usage);
    },
  );

  it('shows what was typed, escaped, and an empty value as two quotes', () => {
    expect(flagProblem('--trials', 'must be an integer from 1 to 100', 'a"b')).toBe(
      '--trials must be an integer from 1 to 100 (got a\\"b)',
    );
    expect(flagProblem('--trials', 'needs a value')).toBe('--trials needs a value');
    expect(parseNumber('')).toBeNaN();
  });
});

describe('reportError', () => {
  it('reports a usage error on one line, with --help only where it helps, and exit code 2', () => {
    expect(reported('racelab', new UsageError('--workers must be an integer from 1 to 256 (got 0)'))).toEqual({
      code: 2,
      stderr: 'racelab: --workers must be an integer from 1 to 256 (got 0)\n',
    });
    expect(reported('racelab-api', new UsageError('unknown option --fast', { seeHelp: true }))).toEqual({
      code: 2,
      stderr: 'racelab-api: unknown option --fast (see racelab-api --help)\n',
    });
    expect(reported('racelab', new UsageError('first\n  second')).stderr).toBe('racelab: first; second\n');
  });

  it('reports anything else with exit code 1 and no stack trace', () => {
    const { code, stderr } = reported('racelab', new Error('listen EADDRINUSE'));
    expect(code).toBe(EXIT_CODES.failed);
    expect(stderr).toBe('racelab: listen EADDRINUSE\n');
    expect(reported('racelab', 'plain').stderr).toBe('racelab: plain\n');
  });
});
