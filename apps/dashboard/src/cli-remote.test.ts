/**
 * `racelab run --server URL` against a real racelab API (the built one, on a notebook file of its
 * own): the run is queued there, followed to its end, and a Ctrl+C or SIGTERM cancels it there.
 * Waits are on the processes' own output and the server's state, never on the clock.
 */
import { type ChildProcessWithoutNullStreams, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ExperimentResultSchema } from '@racelab/schema';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const CLI = fileURLToPath(new URL('../dist/cli.js', import.meta.url));
const API = fileURLToPath(new URL('../../api/dist/cli.js', import.meta.url));
/** Lasts until cancelled on any machine: 2 × 10^10 spinlock increments, admitted by --max-increments. */
const LONG = ['--strategy', 'spinlock', '--workers', '2', '--iterations', '100000000', '--trials', '100'];

interface Ran {
  code: number | null;
  stdout: string;
  stderr: string;
}

let folder = '';
let api: ChildProcessWithoutNullStreams | undefined;
let url = '';

function racelab(args: string[]): { child: ChildProcessWithoutNullStreams; ran: Promise<Ran>; stderr: () => string } {
  const child = spawn(process.execPath, [CLI, ...args], { cwd: tmpdir(), env: { ...process.env, NO_COLOR: '1' } });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk) => (stdout += chunk));
  child.stderr.on('data', (chunk) => (stderr += chunk));
  const ran = new Promise<Ran>((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
  return { child, ran, stderr: () => stderr };
}

async function json<T>(path: string, init?: RequestInit): Promise<T> {
  return (await (await fetch(`${url}${path}`, init)).json()) as T;
}

/** Resolves once `read` holds, reading again whenever the event loop is free. */
async function until(read: () => Promise<boolean> | boolean): Promise<void> {
  while (!(await read())) await new Promise((resolve) => setTimeout(resolve, 50));
}

beforeAll(async () => {
  folder = mkdtempSync(join(tmpdir(), 'racelab-cli-remote-'));
  api = spawn(
    process.execPath,
    [API, '--port', '0', '--quiet', '--database', join(folder, 'api.db'), '--max-increments', '20000000000'],
    { env: { ...process.env, HOST: '127.0.0.1' } },
  );
  url = await new Promise<string>((resolve, reject) => {
    let said = '';
    api?.stderr.on('data', (chunk) => {
      said += chunk;
      const match = /listening on (http:\/\/\S+)/.exec(said);
      if (match?.[1]) resolve(match[1]);
    });
    api?.once('exit', (code) => reject(new Error(`the API exited (${code}):\n${said}`)));
  });
});

afterAll(async () => {
  if (api && api.exitCode === null) {
    const exited = new Promise((resolve) => api?.once('exit', resolve));
    api.kill('SIGTERM');
    await exited;
  }
  rmSync(folder, { recursive: true, force: true });
});

describe('racelab run --server URL', () => {
  it('queues the run on the server, follows it to its end and prints its result', async () => {
    const { ran } = racelab([
      'run',
      '--server',
      url,
      '--json',
      '--strategy',
      'mutex',
      '--workers',
      '2',
      '--iterations',
      '1000',
    ]);
    const { code, stdout, stderr } = await ran;
    expect(code).toBe(0);
    const result = ExperimentResultSchema.parse(JSON.parse(stdout));
    expect(result.trials.every((trial) => trial.actual === 2_000)).toBe(true);
    expect(stderr).toBe(`racelab: run ${result.id} queued on ${url}\n`);
    expect(await json(`/runs/${result.id}`)).toMatchObject({ status: 'completed', result: { id: result.id } });
  });

  it.each([
    ['SIGINT', 130],
    ['SIGTERM', 143],
  ] as const)(
    '%s cancels the run on the server, waits for it to stop, says so and exits %i',
    async (signal, exitCode) => {
      const { child, ran, stderr } = racelab(['run', '--server', url, ...LONG]);
      let id = '';
      await until(() => {
        id = /racelab: run (\S+) queued/.exec(stderr())?.[1] ?? '';
        return id !== '';
      });
      await until(async () => (await json<{ status: string }>(`/runs/${id}`)).status === 'running');
      child.kill(signal);
      const { code, stdout } = await ran;
      expect(code).toBe(exitCode);
      expect(stdout).toMatch(/^host\s+status\s/);
      expect(stdout).toMatch(/cancelled/);
      // Ended on the server before the command left, its workers stopped: the server is free again.
      expect(await json(`/runs/${id}`)).toMatchObject({ status: 'cancelled', error: { code: 'cancelled' } });
      const next = racelab(['run', '--server', url, '--json', '--workers', '2', '--iterations', '1000']);
      expect((await next.ran).code).toBe(0);
    },
  );

  it('a server that cannot be reached is one line and exit 1', async () => {
    const { ran } = racelab(['run', '--server', 'http://127.0.0.1:9', '--workers', '2']);
    const { code, stdout, stderr } = await ran;
    expect(code).toBe(1);
    expect(stdout).toBe('');
    expect(stderr).toMatch(/^racelab: cannot reach http:\/\/127\.0\.0\.1:9: .+\n$/);
  });

  it('`racelab hosts` lists the server’s hosts: name, state, runtime, racelab and schema versions', async () => {
    const listed = await json<{ hosts: Array<{ name: string; version: string; schemaVersion: number }> }>('/hosts');
    const [host] = listed.hosts;
    expect(listed.hosts).toHaveLength(1);
    const { code, stdout, stderr } = await racelab(['hosts', '--server', url]).ran;
    expect({ code, stderr }).toEqual({ code: 0, stderr: '' });
    const lines = stdout.trimEnd().split('\n');
    expect(lines[0]?.split(/\s+/)).toEqual([
      'host',
      'state',
      'cpus',
      'runtime',
      'racelab',
      'schema',
      'queued',
      'running',
      'cpu',
    ]);
    expect(lines[1]?.split(/\s+/).slice(0, 7)).toEqual([
      host?.name,
      'idle',
      expect.stringMatching(/^\d+$/),
      'node',
      process.version,
      host?.version,
      String(host?.schemaVersion),
    ]);
    expect(lines.at(-1)).toBe('0 queued for any host');
    const asJson = await racelab(['hosts', '--server', url, '--json']).ran;
    // Outside a lab, `lastSeenAt` is the moment of the answer; the rest is the server's list as it is.
    const withoutTime = (body: { hosts: Array<Record<string, unknown>> }) => ({
      ...body,
      hosts: body.hosts.map(({ lastSeenAt: _, ...rest }) => rest),
    });
    expect(withoutTime(JSON.parse(asJson.stdout))).toEqual(withoutTime(listed));
  });

  it('a value the server refuses is its message and exit 2', async () => {
    const { ran } = racelab(['run', '--server', url, '--host', 'nowhere']);
    const { code, stderr } = await ran;
    expect(code).toBe(2);
    expect(stderr).toMatch(/^racelab: 400 \w+: .+\n$/);
  });
});
