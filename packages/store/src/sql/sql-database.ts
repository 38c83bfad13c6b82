import type { Kysely } from 'kysely';
import type { StoreTables } from './tables.js';

/** One opened SQL engine, before its schema is checked and migrated. */
export interface SqlDatabase {
  engine: 'sqlite' | 'postgres';
  /** Safe to print. */
  location: string;
  db: Kysely<StoreTables>;
  /**
   * true when any table not ours means the location is someone else's (an SQLite file); false when
   * the database may be shared with other programs (PostgreSQL), where only our own names count.
   */
  isEmptyElsewhere: boolean;
  listTables(): Promise<string[]>;
  /** Engine settings applied once the location is known to be ours. */
  prepare(): Promise<void>;
  destroy(): Promise<void>;
}
