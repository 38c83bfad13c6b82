import { startPostgresServer } from './postgres-server.js';
import { TEST_POSTGRES_ENV } from './postgres-url.js';

/**
 * Vitest global setup: starts a throwaway PostgreSQL for the run and puts its URL in
 * `RACELAB_TEST_POSTGRES_URL` (read it with `postgresUrlForTests()`). Already set: that server is
 * used as it is. No PostgreSQL here: one line says the suites skip; under `CI=true` it fails instead.
 */
export async function setup(): Promise<(() => Promise<void>) | undefined> {
  if (process.env[TEST_POSTGRES_ENV]) return undefined;
  const server = await startPostgresServer();
  if (!server) {
    const missing =
      'no PostgreSQL found (initdb in RACELAB_PG_BINDIR, pg_config --bindir or /usr/lib/postgresql/*/bin)';
    if (process.env.CI === 'true') {
      throw new Error(`${missing}: CI must test the PostgreSQL store (apt-get install -y postgresql)`);
    }
    console.log(`PostgreSQL suites skipped: ${missing}; apt-get install postgresql to run them`);
    return undefined;
  }
  process.env[TEST_POSTGRES_ENV] = server.url;
  return async () => {
    delete process.env[TEST_POSTGRES_ENV];
    await server.remove();
  };
}
