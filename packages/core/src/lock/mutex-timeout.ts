/** Timeouts in milliseconds, as every lock and condition method takes them. */

/**
 * Returns `value` if it is a usable timeout: a number ≥ 0 (`Infinity` means no limit). Anything
 * else (a string, `NaN`, a negative number) throws a `RangeError` that names the option, instead of
 * waiting forever or not at all.
 */
export function checkTimeout(option: string, value: unknown): number {
  if (typeof value === 'number' && value >= 0) return value;
  const shown = typeof value === 'string' ? JSON.stringify(value) : String(value);
  throw new RangeError(`${option} must be a number of milliseconds ≥ 0, or Infinity (got ${shown})`);
}

/** `signal` must be an AbortSignal when given. */
export function checkSignal(option: string, value: unknown): AbortSignal | undefined {
  if (value === undefined || value instanceof AbortSignal) return value;
  throw new TypeError(`${option} must be an AbortSignal (got ${value === null ? 'null' : typeof value})`);
}
