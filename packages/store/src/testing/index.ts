export { createTestDatabase } from './postgres-database.js';
export {
  findPostgresBinaries,
  type PostgresServer,
  type PostgresServerOptions,
  startPostgresServer,
} from './postgres-server.js';
export { postgresUrlForTests, TEST_POSTGRES_ENV } from './postgres-url.js';
export { makeStoredRun, type RunShape } from './runs.js';
export { postgresStatement, type Rows, sqliteStatement } from './statement.js';
