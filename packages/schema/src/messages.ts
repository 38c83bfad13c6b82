/**
 * The wording of racelab's validation messages, built here once: the schema uses it for config
 * fields, and the CLIs and the API use it for their own integer options, so every front end says
 * the same thing the same way.
 */

/**
 * `1,000,000`: integers as every racelab message prints them, whatever the locale. Grouped by hand:
 * the schema builds its messages as it loads, and the first `toLocaleString` starts ICU, which cost
 * a fifth of the schema's load time and ~7 MiB of memory in every process that imports it.
 */
export function formatInteger(value: number): string {
  if (!Number.isSafeInteger(value)) return value.toLocaleString('en-US');
  return String(value).replace(/\B(?=(\d{3})+$)/g, ',');
}

/** `an integer from 1 to 256` */
export function rangeText(min: number, max: number): string {
  return `an integer from ${formatInteger(min)} to ${formatInteger(max)}`;
}

/** `must be an integer from 1 to 256`: the message for a value outside an integer range, or no integer at all. */
export function integerRangeMessage(min: number, max: number): string {
  return `must be ${rangeText(min, max)}`;
}
