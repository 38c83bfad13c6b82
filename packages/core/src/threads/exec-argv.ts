/**
 * Which of the host's Node.js flags a worker thread gets. Node gives a worker the host's
 * `process.execArgv` by default, and that is right for most flags: module hooks (`--import`,
 * `--require`, `--loader`, so tsx keeps working), `--conditions`, source maps, warnings, profiling.
 * Node itself leaves out the flags that only a process can have. But some flags describe how the
 * host was started and break a worker that inherits them: `--input-type` (every worker throws
 * "--input-type can only be used with string input") is the one seen on Node 20 to 26.
 *
 * When such a flag is there, the worker gets an explicit list instead. An explicit list is checked
 * more strictly than an inherited one (a per-process flag such as `--max-old-space-size`,
 * `--expose-gc`, or on Node 20/22 even `--watch`, makes `new Worker` throw), so the explicit list
 * keeps only the flags known to be valid in a worker and to matter to the code it runs.
 */

/** Flags that break a worker which inherits them. */
const BREAKING = new Set(['--input-type']);

/** Flags kept in an explicit list; `true` when the flag takes the next argument as its value. */
const KEPT: ReadonlyMap<string, boolean> = new Map([
  ['--require', true],
  ['-r', true],
  ['--import', true],
  ['--loader', true],
  ['--experimental-loader', true],
  ['--conditions', true],
  ['-C', true],
  ['--enable-source-maps', false],
  ['--no-warnings', false],
  ['--disable-warning', true],
  ['--no-deprecation', false],
  ['--trace-warnings', false],
  ['--trace-uncaught', false],
  ['--experimental-vm-modules', false],
  ['--experimental-strip-types', false],
  ['--experimental-transform-types', false],
  ['--no-experimental-strip-types', false],
]);

/** Flags whose value is the next argument: skipped together with it when dropped. */
const TAKES_VALUE = new Set(['-e', '--eval', '-p', '--print', '--input-type', '--test-reporter', '--watch-path']);

function flagName(arg: string): string {
  const equals = arg.indexOf('=');
  return equals === -1 ? arg : arg.slice(0, equals);
}

/**
 * The `execArgv` option for a new worker: `undefined` to inherit the host's flags (nothing in them
 * breaks a worker), or the explicit list of the flags worth keeping.
 */
export function workerExecArgv(hostExecArgv: readonly string[]): string[] | undefined {
  if (!hostExecArgv.some((arg) => BREAKING.has(flagName(arg)))) return undefined;
  const kept: string[] = [];
  for (let index = 0; index < hostExecArgv.length; index++) {
    const arg = hostExecArgv[index] as string;
    const name = flagName(arg);
    const inlineValue = name !== arg;
    const takesValue = KEPT.get(name) ?? TAKES_VALUE.has(name);
    const value = takesValue && !inlineValue ? hostExecArgv[index + 1] : undefined;
    if (value !== undefined) index++;
    if (!KEPT.has(name)) continue;
    kept.push(arg);
    if (value !== undefined) kept.push(value);
  }
  return kept;
}
