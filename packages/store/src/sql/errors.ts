import { StoreError, StoreRejectedError, StoreUnavailableError } from '../errors.js';

/**
 * What a driver throws becomes a `StoreError` naming the database and the cause. Only what may pass
 * (the server down or shutting down, a connection lost or timed out, `SQLITE_BUSY` after the busy
 * timeout, a read-only or full disk) is `store_unavailable`, which a server answers with 503 and
 * its write-behind buffer retries; what the database refuses (a constraint, a value it cannot
 * store, a statement it rejects) is `store_rejected`: retrying it would fail the same way forever.
 * Store errors pass as they are.
 */
export function storeFailure(location: string, error: unknown): StoreError {
  if (error instanceof StoreError) return error;
  const reason = describeCause(error);
  const refused = refusal(error);
  if (refused !== undefined)
    return new StoreRejectedError(refused, `the run store at ${location} refused the operation: ${reason}`, {
      cause: error,
    });
  return new StoreUnavailableError(`the run store at ${location} is unavailable: ${reason}`, { cause: error });
}

/**
 * PostgreSQL SQLSTATE classes that may pass: 08 connection exception, 53 insufficient resources,
 * 57 operator intervention (shutdown, cancel), 58 system error; and single codes worth a retry
 * (serialization failure, deadlock, lock not available).
 */
const TRANSIENT_SQLSTATE_CLASSES = new Set(['08', '53', '57', '58']);
const TRANSIENT_SQLSTATES = new Set(['40001', '40P01', '55P03']);
/** PostgreSQL classes whose refusal is about the data: 22 data exception, 23 integrity constraint. */
const DATA_SQLSTATE_CLASSES = new Set(['22', '23']);

/** SQLite primary result codes that may pass (libSQL spells extended ones `SQLITE_BUSY_SNAPSHOT` etc.). */
const TRANSIENT_SQLITE = ['BUSY', 'LOCKED', 'IOERR', 'CANTOPEN', 'FULL', 'READONLY', 'NOMEM', 'PROTOCOL', 'PERM'];
const DATA_SQLITE = ['CONSTRAINT', 'MISMATCH', 'TOOBIG', 'RANGE'];

function primarySqliteCode(code: string): string {
  return code.slice('SQLITE_'.length).split('_')[0] ?? '';
}

/**
 * The HTTP status of a refusal by the database (400 when the data is what it refuses, else 500), or
 * `undefined` when the failure may pass. Only errors the database itself raised are refusals, plus
 * the programming errors of JavaScript (a `TypeError`…); anything else (a lost connection, a
 * timeout, a system error such as ECONNREFUSED) counts as the store's absence.
 */
function refusal(error: unknown): 400 | 500 | undefined {
  if (error instanceof AggregateError) return undefined;
  if (error instanceof TypeError || error instanceof RangeError || error instanceof SyntaxError) return 500;
  if (!(error instanceof Error)) return undefined;
  const code = (error as { code?: unknown }).code;
  if (typeof code !== 'string') return undefined;
  if (code.startsWith('SQLITE_')) {
    const primary = primarySqliteCode(code);
    if (TRANSIENT_SQLITE.includes(primary)) return undefined;
    return DATA_SQLITE.includes(primary) ? 400 : 500;
  }
  // A SQLSTATE: five digits or capitals (node-postgres's DatabaseError); system errors are E-words.
  if (/^[0-9A-Z]{5}$/.test(code) && /\d/.test(code)) {
    const errorClass = code.slice(0, 2);
    if (TRANSIENT_SQLSTATE_CLASSES.has(errorClass) || TRANSIENT_SQLSTATES.has(code)) return undefined;
    return DATA_SQLSTATE_CLASSES.has(errorClass) ? 400 : 500;
  }
  return undefined;
}

function describeCause(error: unknown): string {
  if (error instanceof AggregateError && error.errors.length > 0) return describeCause(error.errors[0]);
  if (error instanceof Error) {
    const code = (error as { code?: unknown }).code;
    const message = error.message || error.name;
    return typeof code === 'string' && !message.includes(code) ? `${message} (${code})` : message;
  }
  return String(error);
}

/** Runs `operation`, turning any failure into a `StoreError`. */
export async function guarded<T>(location: string, operation: () => Promise<T>): Promise<T> {
  try {
    return await operation();
  } catch (error) {
    throw storeFailure(location, error);
  }
}
