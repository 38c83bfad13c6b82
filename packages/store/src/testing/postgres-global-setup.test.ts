import { afterEach, describe, expect, it, vi } from 'vitest';
import { setup } from './postgres-global-setup.js';
import { TEST_POSTGRES_ENV } from './postgres-url.js';

/** A machine without PostgreSQL, played by pointing the binaries at a folder that has none. */
function withoutPostgres(ci: boolean): void {
  vi.stubEnv(TEST_POSTGRES_ENV, '');
  vi.stubEnv('RACELAB_PG_BINDIR', '/nonexistent/postgresql/bin');
  vi.stubEnv('CI', ci ? 'true' : '');
}

afterEach(() => {
  vi.unstubAllEnvs();
  vi.restoreAllMocks();
});

describe('PostgreSQL global setup', () => {
  it('on a machine without PostgreSQL, says in one line that the suites skip', async () => {
    withoutPostgres(false);
    const log = vi.spyOn(console, 'log').mockImplementation(() => {});
    expect(await setup()).toBeUndefined();
    expect(log).toHaveBeenCalledTimes(1);
    expect(log.mock.calls[0]![0]).toMatch(/^PostgreSQL suites skipped: no PostgreSQL found/);
    expect(process.env[TEST_POSTGRES_ENV]).toBe('');
  });

  it('under CI=true, fails instead of skipping', async () => {
    withoutPostgres(true);
    await expect(setup()).rejects.toThrow('CI must test the PostgreSQL store (apt-get install -y postgresql)');
  });

  it('uses a server already named in the environment', async () => {
    vi.stubEnv(TEST_POSTGRES_ENV, 'postgres://someone@127.0.0.1:5999/theirs');
    expect(await setup()).toBeUndefined();
  });
});
