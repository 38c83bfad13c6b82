import { StoreError, StoreUnavailableError } from '../errors.js';

/**
 * Whatever a driver throws (connection refused, server shut down, `SQLITE_BUSY` after the busy
 * timeout, a read-only or full disk) becomes `store_unavailable` naming the database and the cause,
 * so a server answers 503 and a CLI says why the run was not saved; store errors pass as they are.
 */
export function storeFailure(location: string, error: unknown): StoreError {
  if (error instanceof StoreError) return error;
  const reason = describeCause(error);
  return new StoreUnavailableError(`the run store at ${location} is unavailable: ${reason}`, { cause: error });
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
