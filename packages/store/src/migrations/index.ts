import type { Migration, MigrationProvider } from 'kysely';
import * as runs from './0001-runs.js';
import * as runFilters from './0002-run-filters.js';
import * as hosts from './0003-hosts.js';

/**
 * Every migration, in order. Imported, not read from the folder at run time, so the store works
 * bundled and on every runtime. Names are `NNNN-what`: the number is the schema version it makes.
 */
export const MIGRATIONS: Readonly<Record<string, Migration>> = {
  '0001-runs': runs,
  '0002-run-filters': runFilters,
  '0003-hosts': hosts,
};

/** The schema version this racelab writes: the number of its last migration. */
export const SCHEMA_VERSION = Object.keys(MIGRATIONS).length;

export const migrationProvider: MigrationProvider = {
  getMigrations: async () => ({ ...MIGRATIONS }),
};

/** `0007-…` → 7; a name that is not ours → undefined. */
export function versionOf(name: string): number | undefined {
  const match = /^(\d{4})-/.exec(name);
  return match ? Number(match[1]) : undefined;
}
