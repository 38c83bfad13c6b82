import { describe, expect, it } from 'vitest';
import { workerExecArgv } from './exec-argv.js';

describe('workerExecArgv', () => {
  it('inherits (undefined) when no flag breaks a worker', () => {
    expect(workerExecArgv([])).toBeUndefined();
    expect(workerExecArgv(['--import', 'tsx', '--enable-source-maps', '--max-old-space-size=100'])).toBeUndefined();
    expect(workerExecArgv(['-e', 'code', '--watch', '--test'])).toBeUndefined();
  });

  it('drops --input-type and the host-only flags, keeps module hooks and resolution flags', () => {
    expect(
      workerExecArgv([
        '--input-type=module',
        '-e',
        "import('x')",
        '--require',
        './a.cjs',
        '--import=tsx',
        '-C',
        'development',
        '--max-old-space-size=100',
        '--expose-gc',
        '--watch',
        '--enable-source-maps',
      ]),
    ).toEqual(['--require', './a.cjs', '--import=tsx', '-C', 'development', '--enable-source-maps']);
  });

  it('never mistakes the value of a dropped flag for a flag of its own', () => {
    // The eval'd code here looks like a flag worth keeping; it is the value of --eval.
    expect(workerExecArgv(['--input-type', 'module', '--eval', '--import', '--no-warnings'])).toEqual([
      '--no-warnings',
    ]);
  });
});
