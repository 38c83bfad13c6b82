import { integerRangeMessage } from '@racelab/schema';
import { UsageError } from './usage-error.js';

/** `100000`, `100_000` and `100,000` are the same number (reports print them grouped); '' is NaN. */
export function parseNumber(text: string): number {
  const trimmed = text.trim();
  if (trimmed === '') return Number.NaN;
  return Number(/^\d{1,3}([_,]\d{3})+$/.test(trimmed) ? trimmed.replace(/[_,]/g, '') : trimmed);
}

/** `--workers must be an integer from 1 to 256 (got 0)`: a flag, what is wrong with it, and what was typed. */
export function flagProblem(flag: string, message: string, given?: string): string {
  if (given === undefined) return `${flag} ${message}`;
  return `${flag} ${message} (got ${JSON.stringify(given).slice(1, -1) || "''"})`;
}

/**
 * An integer option from `min` to `max`: undefined when not given (or given empty), else the number,
 * or a `UsageError` naming the flag, the range (the schema's wording) and the value typed.
 */
export function integerFlag(flag: string, text: string | undefined, min: number, max: number): number | undefined {
  if (text === undefined || text === '') return undefined;
  const value = parseNumber(text);
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new UsageError(flagProblem(flag, integerRangeMessage(min, max), text));
  }
  return value;
}
