import type { Migration } from 'kysely';
import * as runs from './0001-runs.js';
import * as runFilters from './0002-run-filters.js';
import * as hosts from './0003-hosts.js';
import * as schemaMark from './0004-schema-mark.js';

/**
 * A migration module. `compatibleFrom`, exported only by a migration that drops or renames
 * something an older racelab reads, is the lowest schema version whose code still works with the
 * database once it has run; the database's mark is raised to it (never lowered) in the same
 * transaction. Additive migrations (new tables, nullable columns, indexes) do not export it.
 */
export interface RacelabMigration extends Migration {
  readonly compatibleFrom?: number;
}

/** Migrations by name, in order. */
export type MigrationSet = Readonly<Record<string, RacelabMigration>>;

/**
 * Every migration, in order. Imported, not read from the folder at run time, so the store works
 * bundled and on every runtime. Names are `NNNN-what`: the number is the schema version it makes.
 */
export const MIGRATIONS: MigrationSet = {
  '0001-runs': runs,
  '0002-run-filters': runFilters,
  '0003-hosts': hosts,
  '0004-schema-mark': schemaMark,
};

/** The schema version a set of migrations makes: the number of its last one. */
export function schemaVersionOf(migrations: MigrationSet): number {
  const names = Object.keys(migrations);
  return Math.max(0, ...names.map((name) => versionOf(name) ?? 0));
}

/** The schema version this racelab writes: the number of its last migration. */
export const SCHEMA_VERSION = schemaVersionOf(MIGRATIONS);

/** The schema version that added `racelab_schema` (the mark) and `hosts.schema_version`. */
export const MARK_SCHEMA_VERSION = 4;

/** What a host that does not record its schema version runs: the schema before the mark. */
export const UNRECORDED_HOST_SCHEMA_VERSION = MARK_SCHEMA_VERSION - 1;

/** `0007-…` → 7; a name that is not ours → undefined. */
export function versionOf(name: string): number | undefined {
  const match = /^(\d{4})-/.exec(name);
  return match ? Number(match[1]) : undefined;
}
