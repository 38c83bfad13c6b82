/** The env variable the PostgreSQL global setup fills with its throwaway server's URL. */
export const TEST_POSTGRES_ENV = 'RACELAB_TEST_POSTGRES_URL';

/** The throwaway server's URL in a test, or undefined when this machine has no PostgreSQL. */
export function postgresUrlForTests(): string | undefined {
  return process.env[TEST_POSTGRES_ENV] || undefined;
}
