import { spawnSync } from 'node:child_process';
import { once } from 'node:events';
import { ApiErrorSchema } from '@racelab/schema';
import { describe, expect, it } from 'vitest';
import { CLI, startCli } from './testing/cli-process.js';

const TOKEN = 'test-token-0123456789abcdef';

describe('racelab-api', () => {
  it('rejects a bad flag with exit code 2 and one line on stderr', () => {
    const { status, stderr } = spawnSync(process.execPath, [CLI, '--port', 'eighty'], { encoding: 'utf8' });
    expect(status).toBe(2);
    expect(stderr).toBe('racelab-api: --port must be an integer from 0 to 65,535 (got eighty)\n');
  });

  // Only the refusals are run here: a test never binds an address other machines could reach.
  it.each([
    ['--host 0.0.0.0', ['--host', '0.0.0.0'], {}],
    ['HOST=0.0.0.0', [], { HOST: '0.0.0.0' }],
    ['--host :: --allow-remote (no token)', ['--host', '::', '--allow-remote'], {}],
    ['--host 0.0.0.0 with a token only', ['--host', '0.0.0.0'], { RACELAB_API_TOKEN: TOKEN }],
    ['--host 192.168.1.10 --token (no --allow-remote)', ['--host', '192.168.1.10', '--token', TOKEN], {}],
  ])('refuses %s with exit code 2 and one line', (_name, args, env) => {
    const { status, stderr, stdout } = spawnSync(process.execPath, [CLI, '--port', '0', ...args], {
      encoding: 'utf8',
      env: { ...process.env, HOST: '', RACELAB_API_TOKEN: '', ...env },
      timeout: 10_000,
    });
    expect(status).toBe(2);
    expect(stdout).toBe('');
    expect(stderr).toMatch(
      /^racelab-api: refusing to listen on \S+, which other machines can reach: that needs both --allow-remote and a token \(--token or RACELAB_API_TOKEN\) \(see racelab-api --help\)\n$/,
    );
  });

  it('refuses a token shorter than 16 characters, even on loopback', () => {
    const { status, stderr } = spawnSync(process.execPath, [CLI, '--port', '0', '--token', 'hunter2'], {
      encoding: 'utf8',
      timeout: 10_000,
    });
    expect(status).toBe(2);
    expect(stderr).toBe('racelab-api: the token must be at least 16 characters long (see racelab-api --help)\n');
  });

  it('guards POST and DELETE with RACELAB_API_TOKEN on loopback, and says so at start-up', async () => {
    const { child, url, stderr } = await startCli([], { RACELAB_API_TOKEN: TOKEN });
    try {
      expect(stderr()).toContain('POST /runs and DELETE /runs/{id} need the token');
      const post = (headers: Record<string, string>) =>
        fetch(`${url}/runs`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', ...headers },
          body: '{}',
        });
      const refused = await post({});
      expect(refused.status).toBe(401);
      expect(ApiErrorSchema.parse(await refused.json()).error.code).toBe('unauthorized');
      const accepted = await post({ authorization: `Bearer ${TOKEN}` });
      expect(accepted.status).toBe(202);
      expect((await fetch(`${url}/runs`)).status).toBe(200);
    } finally {
      child.kill('SIGTERM');
      await once(child, 'exit');
    }
  });

  it.each(['SIGINT', 'SIGTERM'] as const)('exits 0 promptly on %s, mid-run', async (signal) => {
    const { child, url, stderr } = await startCli();
    const submitted = await fetch(`${url}/runs`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ strategy: 'spinlock', workers: 4, iterations: 100_000_000 }),
    });
    expect(submitted.status).toBe(202);
    await new Promise((resolve) => setTimeout(resolve, 200));
    const signalledAt = performance.now();
    child.kill(signal);
    const [code] = await once(child, 'exit');
    expect(code).toBe(0);
    expect(performance.now() - signalledAt).toBeLessThan(2_000);
    expect(stderr()).toContain(`${signal}: shutting down`);
  });
});
