/**
 * The wording of racelab's validation messages, built here once: the schema uses it for config
 * fields, and the CLIs and the API use it for their own integer options, so every front end says
 * the same thing the same way.
 */

/** `1,000,000`: integers as every racelab message prints them, whatever the locale. */
export function formatInteger(value: number): string {
  return value.toLocaleString('en-US');
}

/** `an integer from 1 to 256` */
export function rangeText(min: number, max: number): string {
  return `an integer from ${formatInteger(min)} to ${formatInteger(max)}`;
}

/** `must be an integer from 1 to 256`: the message for a value outside an integer range, or no integer at all. */
export function integerRangeMessage(min: number, max: number): string {
  return `must be ${rangeText(min, max)}`;
}
