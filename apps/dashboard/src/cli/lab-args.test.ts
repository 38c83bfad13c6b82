import { UsageError } from '@racelab/command-line';
import { describe, expect, it } from 'vitest';
import { isLabCommandLine, parseLabCommandLine } from './lab-args.js';

describe('racelab hosts / run --server', () => {
  it('recognises a lab command line by `hosts` or `--server`', () => {
    expect(isLabCommandLine(['hosts'])).toBe(true);
    expect(isLabCommandLine(['run', '--server', 'http://x'])).toBe(true);
    expect(isLabCommandLine(['run', '--server=http://x'])).toBe(true);
    expect(isLabCommandLine(['run', '--workers', '4'])).toBe(false);
  });

  it('parses targets: any host, named hosts (repeated, deduplicated), or all', () => {
    const any = parseLabCommandLine(['run', '--server', 'http://127.0.0.1:8787', '--strategy', 'none']);
    expect(any).toMatchObject({ command: 'run', hosts: undefined, config: { strategy: 'none' } });
    const named = parseLabCommandLine([
      'run',
      '--server',
      'http://h',
      '--host',
      'lab-2',
      '--host',
      'arm-1',
      '--host',
      'lab-2',
    ]);
    expect(named).toMatchObject({ hosts: ['lab-2', 'arm-1'] });
    expect(parseLabCommandLine(['run', '--server', 'http://h', '--host', 'all'])).toMatchObject({ hosts: 'all' });
    expect(parseLabCommandLine(['hosts', '--server', 'http://h'], { RACELAB_API_TOKEN: 'from-env' })).toMatchObject({
      command: 'hosts',
      token: 'from-env',
    });
  });

  it('passes --trace on to the server, so a lab run can be traced', () => {
    const traced = parseLabCommandLine(['run', '--server', 'http://h', '--host', 'all', '--trace']);
    expect(traced).toMatchObject({ command: 'run', hosts: 'all', config: { trace: true } });
    const plain = parseLabCommandLine(['run', '--server', 'http://h']);
    expect(plain.command === 'run' && 'trace' in plain.config).toBe(false);
  });

  it.each([
    [['hosts'], 'racelab hosts needs --server URL'],
    [['hosts', '--server', 'http://h', '--trace'], '--trace does not apply to racelab hosts'],
    [['hosts', '--server', 'ftp://h'], '--server must be an http:// or https:// URL'],
    [['run', '--server', 'http://h', '--host', 'all', '--host', 'lab-1'], '--host all runs on every live host'],
    [['run', '--server', 'http://h', '--workers', '0'], '--workers must be an integer from 1 to 256'],
    [['hosts', '--server', 'http://h', '--workers', '2'], '--workers does not apply to racelab hosts'],
    [['compare', '--server', 'http://h'], '--server goes with racelab run or racelab hosts'],
  ])('refuses %j as bad usage (exit 2): %s', (argv, message) => {
    expect(() => parseLabCommandLine(argv)).toThrow(UsageError);
    expect(() => parseLabCommandLine(argv)).toThrow(message);
  });
});
