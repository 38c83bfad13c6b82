/** The API's store flags (`--database`, `--keep-runs`, `--keep-days`, `--host-name`) and start-up failures of the store. */
import { flagProblem, integerFlag, UsageError } from '@racelab/command-line';
import { resolveLocation, StoreError, type StoreErrorCode } from '@racelab/store';

export const STORE_FLAG_OPTIONS = {
  database: { type: 'string' },
  'keep-runs': { type: 'string' },
  'keep-days': { type: 'string' },
  'host-name': { type: 'string' },
} as const;

/** `--keep-runs` and `--keep-days`: what a user may ask the background pruner for. */
export const RETENTION_BOUNDS = {
  keepRuns: { min: 1, max: 1_000_000_000 },
  keepDays: { min: 1, max: 36_500 },
} as const;

const HOST_NAME_MAX = 200;

/** The store flags: each from its flag, else its environment variable; a bad one names itself and its range. */
export function parseStoreFlags(values: Record<string, unknown>) {
  const fromFlag = (name: string) => values[name] as string | undefined;
  const database = fromFlag('database');
  const databaseFlag = database === undefined ? 'RACELAB_DATABASE_URL' : '--database';
  try {
    resolveLocation(database);
  } catch (error) {
    throw new UsageError(`${databaseFlag}: ${(error as Error).message.replace(/^database: /, '')}`);
  }
  const integer = (flag: string, env: string, bounds: { min: number; max: number }) => {
    const given = fromFlag(flag.slice(2));
    return integerFlag(given === undefined ? env : flag, given ?? process.env[env], bounds.min, bounds.max);
  };
  const hostGiven = fromFlag('host-name');
  const hostName = hostGiven ?? (process.env.RACELAB_HOST_NAME || undefined);
  if (hostName !== undefined && !/^[^\p{Cc}]{1,200}$/u.test(hostName)) {
    const flag = hostGiven === undefined ? 'RACELAB_HOST_NAME' : '--host-name';
    throw new UsageError(
      flagProblem(flag, `must be 1 to ${HOST_NAME_MAX} characters, without control characters`, hostName),
    );
  }
  return {
    database,
    hostName,
    retention: {
      keepRuns: integer('--keep-runs', 'RACELAB_API_KEEP_RUNS', RETENTION_BOUNDS.keepRuns),
      keepDays: integer('--keep-days', 'RACELAB_API_KEEP_DAYS', RETENTION_BOUNDS.keepDays),
    },
  };
}

/**
 * A database this racelab must not touch (newer than it can read, or not racelab's), or one whose
 * migration would break older live hosts of the lab, is a bad --database for this host: exit 2.
 */
export function startupExitCode(error: unknown): number | undefined {
  if (!(error instanceof StoreError)) return undefined;
  return REFUSED_DATABASE.has(error.code) ? 2 : 1;
}

const REFUSED_DATABASE: ReadonlySet<StoreErrorCode> = new Set([
  'database_too_new',
  'lab_hosts_too_old',
  'not_a_racelab_database',
  'bad_database_location',
]);
