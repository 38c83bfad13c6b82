import { EXIT_CODES } from './exit-codes.js';

export interface UsageErrorOptions {
  /** Point to `--help`: for a wrong command line shape (an unknown option), not for a value out of range. */
  seeHelp?: boolean;
}

/** Bad usage: reported as one line on stderr, exit code 2, never a stack trace. */
export class UsageError extends Error {
  override name = 'UsageError';
  readonly exitCode = EXIT_CODES.usage;
  readonly seeHelp: boolean;

  constructor(message: string, options: UsageErrorOptions = {}) {
    super(message);
    this.seeHelp = options.seeHelp ?? false;
  }
}

/**
 * How every racelab command reports an error that ends it: `program: message` on stderr, and the
 * exit code to use, 2 for a `UsageError` and 1 for anything else. A usage error is always one line.
 */
export function reportError(
  program: string,
  error: unknown,
  stderr: { write(text: string): unknown } = process.stderr,
): number {
  const message = error instanceof Error ? error.message : String(error);
  if (error instanceof UsageError) {
    const hint = error.seeHelp ? ` (see ${program} --help)` : '';
    stderr.write(`${program}: ${message.replace(/\s*\n\s*/g, '; ')}${hint}\n`);
    return error.exitCode;
  }
  stderr.write(`${program}: ${message}\n`);
  return EXIT_CODES.failed;
}
