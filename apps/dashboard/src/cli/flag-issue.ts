import { flagProblem } from '@racelab/command-line';

/** The schema's message, said of the flag the user typed: `--workers must be an integer from 1 to 256 (got 0)`. */
export function flagIssueText(field: string, message: string, given: string | undefined): string {
  if (message.startsWith('must')) return flagProblem(`--${field}`, message, given);
  return `--${field}: ${message}`;
}
