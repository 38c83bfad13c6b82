/** The exit codes of every racelab command, the conventional ones, so scripts can tell outcomes apart. */
export const EXIT_CODES = {
  ok: 0,
  /** The command ran and something failed: a run failed, a server could not start. */
  failed: 1,
  /** Bad flags or values: nothing was run. */
  usage: 2,
  /** Interrupted: 128 + the signal's number. */
  SIGINT: 130,
  SIGTERM: 143,
} as const;
