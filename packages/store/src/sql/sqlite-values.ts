// What libSQL may bind, for the store's connection and the quick append alike (this module loads
// nothing else: the quick append must not load Kysely).

type SqliteValue = string | number | bigint | Uint8Array | null;

/** libSQL binds no booleans (it aborts the process on one): 1 and 0, as SQLite stores them. */
export function bindable(parameters: readonly unknown[]): SqliteValue[] {
  return parameters.map((value) => {
    if (typeof value === 'boolean') return value ? 1 : 0;
    if (value === null || ['string', 'number', 'bigint'].includes(typeof value) || value instanceof Uint8Array) {
      return value as SqliteValue;
    }
    throw new TypeError(`cannot store a ${typeof value} in SQLite`);
  });
}
