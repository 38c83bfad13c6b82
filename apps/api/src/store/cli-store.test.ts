import { spawn } from 'node:child_process';
import { writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { createClient } from '@libsql/client';
import { openRunStore, SCHEMA_VERSION } from '@racelab/store';
import { afterAll, describe, expect, it } from 'vitest';
import { CLI, startCli } from '../../test/support/cli-process.js';
import { LONG_RUN, LONG_RUN_LIMITS, tempSqliteStore } from '../../test/support/test-app.js';
import { RunSchema } from '../api-schemas.js';

const file = await tempSqliteStore();
afterAll(() => file.remove());

/** The CLI's exit code and stderr, for runs that end on their own (refusals). */
function runCli(args: string[], env: Record<string, string> = {}): Promise<{ code: number | null; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [CLI, '--port', '0', ...args], { env: { ...process.env, ...env } });
    let stderr = '';
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
      stderr += chunk;
    });
    child.once('exit', (code) => resolve({ code, stderr }));
  });
}

function exited(child: ReturnType<typeof spawn>): Promise<number | null> {
  return new Promise((resolve) => child.once('exit', resolve));
}

describe('racelab-api and its store', () => {
  it('says where runs are kept, without the password', async () => {
    const api = await startCli(['--database', file.path, '--host-name', 'bench-3']);
    try {
      await expect.poll(() => api.stderr()).toContain(`runs are kept in ${file.path} (sqlite), as host bench-3`);
    } finally {
      api.child.kill('SIGTERM');
      await exited(api.child);
    }
    const memory = await startCli(['--database', 'none', '--history', '7']);
    try {
      await expect.poll(() => memory.stderr()).toContain('runs are kept in memory only (the last 7 ended)');
    } finally {
      memory.child.kill('SIGTERM');
      await exited(memory.child);
    }
  });

  it('fails to start, exit 1, when PostgreSQL cannot be reached, never printing the password', async () => {
    const { code, stderr } = await runCli(['--database', 'postgres://lab:hunter2-secret@127.0.0.1:1/racelab']);
    expect(code).toBe(1);
    expect(stderr).toContain('unavailable');
    expect(stderr).toContain('postgres://lab:***@127.0.0.1:1/racelab');
    expect(stderr).not.toContain('hunter2');
  });

  it.each([
    [['--database', 'mysql://root@db/racelab'], '--database'],
    [['--keep-runs', '0'], '--keep-runs must be an integer from 1 to'],
    [['--keep-days', 'soon'], '--keep-days must be an integer from 1 to'],
    [['--store-buffer', '0'], '--store-buffer must be an integer from 1 to'],
    [['--max-result-bytes', '10'], '--max-result-bytes must be an integer from'],
    [['--host-name', ''], '--host-name must be 1 to 200 characters'],
    [['--host-name', 'a\u0007b'], '--host-name must be 1 to 200 characters'],
  ])('refuses %j with exit code 2 and one line naming it', async (args, named) => {
    const { code, stderr } = await runCli(args);
    expect(code).toBe(2);
    expect(stderr.trim().split('\n')).toHaveLength(1);
    expect(stderr).toContain(named);
  });

  it('refuses, exit 2, a file that is not a racelab database, and leaves it untouched', async () => {
    const notes = join(dirname(file.path), 'notes.txt');
    await writeFile(notes, 'my thesis, chapter 3\n');
    const { code, stderr } = await runCli(['--database', notes]);
    expect(code).toBe(2);
    expect(stderr).toContain('is not a racelab database');
    const { readFile } = await import('node:fs/promises');
    expect(await readFile(notes, 'utf8')).toBe('my thesis, chapter 3\n');
  });

  /** A database a newer racelab migrated: its migration row, what it added, and (when given) its raised mark. */
  async function newerDatabase(fileName: string, compatibleFrom?: number): Promise<string> {
    const newer = join(dirname(file.path), fileName);
    await (await openRunStore(newer)).close();
    const client = createClient({ url: `file:${newer}` });
    await client.execute(
      `insert into racelab_migration (name, timestamp) values ('${String(SCHEMA_VERSION + 1).padStart(4, '0')}-from-the-future', '2030-01-01')`,
    );
    await client.execute('alter table runs add column future_note text');
    await client.execute('create table future_notes (id text primary key)');
    if (compatibleFrom !== undefined)
      await client.execute(`update racelab_schema set compatible_from = ${compatibleFrom}`);
    client.close();
    return newer;
  }

  it('starts and serves on a database a newer racelab migrated additively (a lab upgrading one host at a time)', async () => {
    const newer = await newerDatabase('newer-compatible.db');
    const api = await startCli(['--database', newer, '--quiet']);
    try {
      const response = await fetch(`${api.url}/runs?wait=true`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ workers: 2, iterations: 1_000 }),
      });
      expect(response.status).toBe(200);
      const run = RunSchema.parse(await response.json());
      const listed = await fetch(`${api.url}/runs`);
      expect(listed.status).toBe(200);
      expect(JSON.stringify(await listed.json())).toContain(run.id);
    } finally {
      api.child.kill('SIGTERM');
      await exited(api.child);
    }
    const client = createClient({ url: `file:${newer}` });
    const applied = await client.execute('select name from racelab_migration order by name');
    client.close();
    expect(applied.rows.map((row) => row.name)).toContain(
      `${String(SCHEMA_VERSION + 1).padStart(4, '0')}-from-the-future`,
    );
  });

  it('refuses, exit 2, a database a newer racelab made unreadable to this one, naming the three versions in one line', async () => {
    const next = SCHEMA_VERSION + 1;
    const newer = await newerDatabase('newer-incompatible.db', next);
    const { code, stderr } = await runCli(['--database', newer]);
    expect(code).toBe(2);
    expect(stderr.trim().split('\n')).toHaveLength(1);
    expect(stderr).toContain(
      `has schema version ${next}, which needs racelab schema version ${next} or newer; this racelab has schema version ${SCHEMA_VERSION}: upgrade racelab on this host`,
    );
    expect(stderr).not.toMatch(/\n\s+at /);
  });

  it('refuses, exit 2, a newer database that keeps no compatibility mark', async () => {
    const newer = await newerDatabase('newer-unmarked.db');
    const client = createClient({ url: `file:${newer}` });
    await client.execute('drop table racelab_schema');
    client.close();
    const { code, stderr } = await runCli(['--database', newer]);
    expect(code).toBe(2);
    expect(stderr.trim().split('\n')).toHaveLength(1);
    expect(stderr).toContain(
      `schema version ${SCHEMA_VERSION + 1}, newer than the ${SCHEMA_VERSION} this racelab knows`,
    );
  });

  it('shares one SQLite file with a second writer: both succeed', async () => {
    const shared = join(dirname(file.path), 'shared.db');
    const api = await startCli(['--database', shared, '--quiet']);
    const writer = createRequire(import.meta.url).resolve('@racelab/store/package.json');
    const WRITES = 200;
    const second = spawn(
      process.execPath,
      [join(dirname(writer), 'dist/testing/write-runs.js'), shared, 'cli', String(WRITES)],
      {
        stdio: ['ignore', 'ignore', 'pipe'],
      },
    );
    let secondErrors = '';
    second.stderr?.setEncoding('utf8').on('data', (chunk: string) => {
      secondErrors += chunk;
    });
    const secondDone = exited(second);
    const made: string[] = [];
    try {
      let secondCode: number | null | undefined;
      void secondDone.then((code) => {
        secondCode = code;
      });
      // Runs through the API for as long as the other process writes, and a few more.
      while (secondCode === undefined || made.length < 20) {
        const response = await fetch(`${api.url}/runs?wait=true`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ workers: 2, iterations: 1_000 }),
        });
        expect(response.status).toBe(200);
        made.push(RunSchema.parse(await response.json()).id);
      }
      expect(secondCode, secondErrors).toBe(0);
    } finally {
      api.child.kill('SIGTERM');
      await exited(api.child);
    }
    const store = await openRunStore(shared);
    try {
      const ids = new Set<string>();
      for await (const run of store.scan({})) ids.add(run.id);
      for (const id of made) expect(ids.has(id), id).toBe(true);
      for (let index = 0; index < WRITES; index++) expect(ids.has(`cli-${index}`)).toBe(true);
    } finally {
      await store.close();
    }
  });
});

describe('two racelab-api on one notebook', () => {
  it('a second with the same host name refuses to start (exit 2) and leaves the first one’s live run alone', async () => {
    const notebook = await tempSqliteStore();
    const limit = ['--max-increments', String(LONG_RUN_LIMITS.maxTotalIncrements)];
    const first = await startCli(['--database', notebook.path, '--host-name', 'twin', ...limit]);
    try {
      const started = await fetch(`${first.url}/runs`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(LONG_RUN),
      });
      const run = RunSchema.parse(await started.json());
      const statusOf = async () => RunSchema.parse(await (await fetch(`${first.url}/runs/${run.id}`)).json()).status;
      await expect.poll(statusOf).toBe('running');

      const second = await runCli(['--database', notebook.path, '--host-name', 'twin']);
      expect(second.code).toBe(2);
      expect(second.stderr).toMatch(
        new RegExp(
          `^racelab-api: host name "twin" is taken by another racelab-api serving .+ \\(pid ${first.child.pid} on this machine\\), since .+ \\(host_name_taken\\)\\n$`,
        ),
      );
      expect(await statusOf()).toBe('running');

      // Another name shares the notebook, as the CLI does.
      const other = await startCli(['--database', notebook.path, '--host-name', 'other']);
      other.child.kill('SIGTERM');
      expect(await exited(other.child)).toBe(0);
    } finally {
      first.child.kill('SIGKILL');
      await exited(first.child);
    }
    // Its holder killed: the name is free at once, and the run it left is marked interrupted.
    const again = await startCli(['--database', notebook.path, '--host-name', 'twin']);
    try {
      await expect
        .poll(() => again.stderr())
        .toContain('1 runs left queued or running by the last stop are marked failed');
    } finally {
      again.child.kill('SIGTERM');
      expect(await exited(again.child)).toBe(0);
      await notebook.remove();
    }
  });
});
