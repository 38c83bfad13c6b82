/**
 * Every failure of the store is a `StoreError` that knows its contract code and the HTTP status a
 * server answers with, so front ends read `error.code` / `error.status` instead of testing classes.
 */
export type StoreErrorCode =
  | 'store_unavailable'
  | 'store_rejected'
  | 'run_exists'
  | 'database_too_new'
  | 'lab_hosts_too_old'
  | 'not_a_racelab_database'
  | 'bad_database_location'
  | 'invalid_cursor'
  | 'invalid_run'
  | 'corrupt_run';

export class StoreError extends Error {
  override readonly name: string = 'StoreError';

  constructor(
    readonly code: StoreErrorCode,
    readonly status: number,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

/** The database cannot be reached or written now (PostgreSQL down, file locked or read-only, disk full). */
export class StoreUnavailableError extends StoreError {
  override readonly name = 'StoreUnavailableError';

  constructor(message: string, options?: { cause?: unknown }) {
    super('store_unavailable', 503, message, options);
  }
}

/**
 * The database is there but refuses this operation (a constraint, a value it cannot store, a
 * statement it rejects): retrying the same write would fail the same way. 400 when the data is what
 * it refuses (a constraint, a value out of its range), else 500.
 */
export class StoreRejectedError extends StoreError {
  override readonly name = 'StoreRejectedError';

  constructor(status: 400 | 500, message: string, options?: { cause?: unknown }) {
    super('store_rejected', status, message, options);
  }
}

/** `insert` of a run whose id is already stored: a run is recorded once. */
export class RunExistsError extends StoreError {
  override readonly name = 'RunExistsError';

  constructor(
    readonly id: string,
    options?: { cause?: unknown },
  ) {
    super('run_exists', 409, `a run with id ${id} is already stored`, options);
  }
}

/**
 * The database was written by a newer racelab, and this one cannot work with it: either its newer
 * migrations dropped or changed something this racelab reads (`compatibleFrom`, the lowest schema
 * version that still works with it, is above this racelab's), or it keeps no such mark at all.
 * Nothing is changed.
 */
export class DatabaseTooNewError extends StoreError {
  override readonly name = 'DatabaseTooNewError';

  constructor(
    readonly location: string,
    readonly databaseVersion: number,
    readonly supportedVersion: number,
    readonly compatibleFrom?: number,
  ) {
    super(
      'database_too_new',
      503,
      compatibleFrom === undefined
        ? `${location} has schema version ${databaseVersion}, newer than the ${supportedVersion} this racelab knows: upgrade racelab, or use another --database`
        : `${location} has schema version ${databaseVersion}, which needs racelab schema version ${compatibleFrom} or newer; this racelab has schema version ${supportedVersion}: upgrade racelab on this host, or use another --database`,
    );
  }
}

/** A live host of the lab, as a migration that would break it names it. */
export interface LiveHostVersion {
  name: string;
  /** 3 for a host from before hosts recorded their schema version. */
  schemaVersion: number;
  /** The racelab version the host said it runs. */
  version: string;
  lastSeenAt: Date;
}

/**
 * Applying this racelab's migrations would raise the database's compatibility mark above the schema
 * version of hosts of the lab that are still live: they would stop working. Nothing is changed.
 */
export class LabHostsTooOldError extends StoreError {
  override readonly name = 'LabHostsTooOldError';

  constructor(
    readonly location: string,
    readonly migration: string,
    readonly compatibleFrom: number,
    readonly hosts: readonly LiveHostVersion[],
  ) {
    const named = hosts
      .map(
        (host) =>
          `${host.name} (schema version ${host.schemaVersion}, racelab ${host.version}, last seen ${host.lastSeenAt.toISOString()})`,
      )
      .join(', ');
    super(
      'lab_hosts_too_old',
      503,
      `${location}: migration ${migration} needs every live host of the lab at schema version ${compatibleFrom} or newer; ` +
        `still live below it: ${named}; ` +
        'upgrade them first, or stop them (a host silent for longer than its lease no longer counts); nothing was changed',
    );
  }
}

/** The location holds something else (another program's SQLite file, a text file…); it is left untouched. */
export class NotRacelabDatabaseError extends StoreError {
  override readonly name = 'NotRacelabDatabaseError';

  constructor(
    readonly location: string,
    reason: string,
  ) {
    super(
      'not_a_racelab_database',
      503,
      `${location} is not a racelab database (${reason}); it was left untouched: give another --database`,
    );
  }
}

/** `--database` / `RACELAB_DATABASE_URL` names nothing racelab can open. */
export class BadLocationError extends StoreError {
  override readonly name = 'BadLocationError';

  constructor(message: string) {
    super('bad_database_location', 400, message);
  }
}

/** A `cursor` that no page of this store produced. */
export class InvalidCursorError extends StoreError {
  override readonly name = 'InvalidCursorError';

  constructor() {
    super('invalid_cursor', 400, 'cursor: must be the nextCursor of a previous page');
  }
}

/** A run to save that does not match the `StoredRun` schema. */
export class InvalidRunError extends StoreError {
  override readonly name = 'InvalidRunError';

  constructor(message: string, options?: { cause?: unknown }) {
    super('invalid_run', 400, message, options);
  }
}

/** A stored run that no longer parses as a `StoredRun` (edited by hand, or a bug): named, never returned half-read. */
export class CorruptRunError extends StoreError {
  override readonly name = 'CorruptRunError';

  constructor(id: string, problems: string) {
    super('corrupt_run', 500, `stored run ${id} does not match the StoredRun schema: ${problems}`);
  }
}
