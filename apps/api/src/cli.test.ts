import { spawn, spawnSync } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

// The bin as users run it: from the build (turbo builds before testing).
const CLI = fileURLToPath(new URL('../dist/cli.js', import.meta.url));

describe('racelab-api', () => {
  it('rejects a bad flag with exit code 2 and one line on stderr', () => {
    const { status, stderr } = spawnSync(process.execPath, [CLI, '--port', 'eighty'], { encoding: 'utf8' });
    expect(status).toBe(2);
    expect(stderr).toBe('racelab-api: --port must be an integer from 0 to 65535; got "eighty" (see --help)\n');
  });

  it.each(['SIGINT', 'SIGTERM'] as const)('exits 0 promptly on %s, mid-run', async (signal) => {
    const child = spawn(process.execPath, [CLI, '--port', '0'], { stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    const url = await new Promise<string>((resolve, reject) => {
      child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
        stderr += chunk;
        const match = /listening on (http:\/\/\S+)/.exec(stderr);
        if (match?.[1]) resolve(match[1]);
      });
      child.once('exit', () => reject(new Error(`exited early: ${stderr}`)));
    });
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
    expect(stderr).toContain(`${signal}: shutting down`);
  });
});
