/**
 * The `racelab-api` process as users start it: flags and environment reach the server, refusals
 * exit 2 with one line, signals exit 0. What the flags mean is tested in-process (bind-policy,
 * bearer-token, limits and server-limits tests); these only check the plumbing.
 */
import { spawnSync } from 'node:child_process';
import { once } from 'node:events';
import { ApiErrorSchema } from '@racelab/schema';
import { describe, expect, it, onTestFinished } from 'vitest';
import { CLI, startCli } from '../test/support/cli-process.js';
import { LONG_RUN, LONG_RUN_LIMITS, readSse } from '../test/support/test-app.js';
import { RunSchema } from './api-schemas.js';
import { TRUST_PROXY_EXAMPLES } from './http/trusted-proxies.js';
import { LIMIT_SETTINGS } from './limit-settings.js';

const TOKEN = 'test-token-0123456789abcdef';

function runCli(args: string[], env: Record<string, string> = {}) {
  return spawnSync(process.execPath, [CLI, ...args], {
    encoding: 'utf8',
    env: { ...process.env, HOST: '', RACELAB_API_TOKEN: '', ...env },
    timeout: 10_000,
  });
}

describe('racelab-api', () => {
  it.each([
    [['--port', 'eighty'], {}, 'racelab-api: --port must be an integer from 0 to 65,535 (got eighty)\n'],
    [
      [],
      { RACELAB_API_MAX_CONNECTIONS: 'lots' },
      'racelab-api: RACELAB_API_MAX_CONNECTIONS must be an integer from 1 to 1,000,000 (got lots)\n',
    ],
    [
      ['--trust-proxy', '10.0.0.0/8,nginx'],
      {},
      `racelab-api: --trust-proxy: "nginx" is not an IP address or CIDR range (e.g. ${TRUST_PROXY_EXAMPLES})\n`,
    ],
    [
      [],
      { RACELAB_API_TRUST_PROXY: '10.0.0.0/33' },
      `racelab-api: RACELAB_API_TRUST_PROXY: "10.0.0.0/33" is not an IP address or CIDR range (e.g. ${TRUST_PROXY_EXAMPLES})\n`,
    ],
    [['--trust-proxy', ' , '], {}, 'racelab-api: --trust-proxy: needs at least one address or CIDR range\n'],
    [
      ['--headers-timeout-ms', '5000', '--request-timeout-ms', '1000'],
      {},
      'racelab-api: the headers timeout (5000 ms) must not exceed the request timeout (1000 ms)\n',
    ],
  ])('rejects %j %j with exit code 2 and one line on stderr', (args, env, line) => {
    const { status, stderr, stdout } = runCli(args, env);
    expect(status).toBe(2);
    expect(stdout).toBe('');
    expect(stderr).toBe(line);
  });

  // Only the refusals are run here: a test never binds an address other machines could reach.
  it.each([
    ['--host 0.0.0.0', ['--host', '0.0.0.0'], {}],
    ['HOST=0.0.0.0 with a token only', [], { HOST: '0.0.0.0', RACELAB_API_TOKEN: TOKEN }],
  ])('refuses %s with exit code 2 and one line, before listening', (_name, args, env) => {
    const { status, stderr } = runCli(['--port', '0', ...args], env);
    expect(status).toBe(2);
    expect(stderr).toMatch(/^racelab-api: refusing to listen on 0\.0\.0\.0, which other machines can reach: .*\n$/);
  });

  it('lists every limit with its default and environment variable in --help', () => {
    const { status, stdout } = runCli(['--help']);
    expect(status).toBe(0);
    for (const { flag, env } of LIMIT_SETTINGS) expect(stdout).toMatch(new RegExp(`${flag} N .*env ${env}\\)`));
  });

  it('takes tokens from RACELAB_API_TOKEN (comma-separated) and limits from the environment', async () => {
    const second = `${TOKEN}-2`;
    const { child, url, stderr } = await startCli([], {
      RACELAB_API_TOKEN: `${TOKEN},${second}`,
      RACELAB_API_MAX_WORKERS: '3',
    });
    try {
      expect(stderr()).toContain('POST /runs, DELETE /runs/{id} and POST /results need the token');
      const post = (headers: Record<string, string>, body: unknown = { workers: 2, iterations: 1 }) =>
        fetch(`${url}/runs`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', ...headers },
          body: JSON.stringify(body),
        });
      const refused = await post({});
      expect(ApiErrorSchema.parse(await refused.json()).error.code).toBe('unauthorized');
      expect((await post({ authorization: `Bearer ${TOKEN}` })).status).toBe(202);
      expect((await post({ authorization: `Bearer ${second}` })).status).toBe(202);
      const tooMany = await post({ authorization: `Bearer ${TOKEN}` }, { workers: 4 });
      expect(ApiErrorSchema.parse(await tooMany.json()).error.code).toBe('worker_limit');
    } finally {
      child.kill('SIGTERM');
      await once(child, 'exit');
    }
  });

  it('exits 0 promptly on SIGINT, mid-run (SIGTERM under load: cli-shutdown.test.ts)', async () => {
    const { child, url, stderr } = await startCli(['--max-increments', String(LONG_RUN_LIMITS.maxTotalIncrements)]);
    onTestFinished(() => {
      if (child.exitCode === null) child.kill('SIGKILL');
    });
    const submitted = await fetch(`${url}/runs`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(LONG_RUN),
    });
    const { id } = RunSchema.parse(await submitted.json());
    // Signalled once the run is really running: its first progress event says so.
    const events = readSse((await fetch(`${url}/runs/${id}/events`)).body!);
    for await (const event of events) if (event.event === 'progress') break;
    child.kill('SIGINT');
    const [code] = await once(child, 'exit');
    // 0, not 1: the shutdown finished within its own 1.5 s deadline (past it the process exits 1).
    expect(code).toBe(0);
    expect(stderr()).toContain('SIGINT: shutting down');
  });
});
