export { postgresUrlForTests, TEST_POSTGRES_ENV } from './postgres-url.js';
export { makeStoredRun, type RunShape } from './runs.js';
