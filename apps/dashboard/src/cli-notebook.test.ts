import { spawn, spawnSync } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ExperimentResultSchema, type StoredRun, StoredRunSchema } from '@racelab/schema';
import Database from 'libsql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

/** The built bin, as users run it, each test on a notebook file of its own. */
const CLI = fileURLToPath(new URL('../dist/cli.js', import.meta.url));
const SMALL = ['--workers', '2', '--iterations', '1000'];
let folder = '';
let files = 0;

interface Ran {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** A read-only file stops everyone but root: as root, the bin runs as `nobody` for those tests. */
const asNobody = process.getuid?.() === 0 ? { uid: 65_534, gid: 65_534 } : {};

function racelab(args: string[], options: { env?: NodeJS.ProcessEnv; unprivileged?: boolean } = {}): Ran {
  const child = spawnSync(process.execPath, [CLI, ...args], {
    cwd: tmpdir(),
    encoding: 'utf8',
    env: { ...process.env, ...options.env },
    timeout: 60_000,
    ...(options.unprivileged ? asNobody : {}),
  });
  return { code: child.status, stdout: child.stdout, stderr: child.stderr };
}

/** Like `racelab`, without blocking this process: for tests whose server lives in it. */
function racelabAsync(args: string[], env: NodeJS.ProcessEnv = {}): Promise<Ran> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CLI, ...args], { cwd: tmpdir(), env: { ...process.env, ...env } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk) => (stdout += chunk));
    child.stderr.on('data', (chunk) => (stderr += chunk));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

const freshDatabase = () => join(folder, `notebook-${++files}.db`);
const savedId = (stderr: string) => /^racelab: saved as (\S+) in /m.exec(stderr)?.[1];

beforeAll(() => {
  folder = mkdtempSync(join(tmpdir(), 'racelab-cli-notebook-'));
  // `nobody` must reach the files of the read-only tests.
  chmodSync(folder, 0o755);
});
afterAll(() => rmSync(folder, { recursive: true, force: true }));

describe('racelab run keeps every run', () => {
  it('saves by default, says so on stderr, and stdout under --json stays one document', () => {
    const database = freshDatabase();
    const ran = racelab(['run', '--json', ...SMALL, '--database', database, '--host-name', 'bench-7']);
    expect(ran.code).toBe(0);
    const result = ExperimentResultSchema.parse(JSON.parse(ran.stdout));
    expect(result.environment.host).toBe('bench-7');
    expect(ran.stderr).toBe(`racelab: saved as ${result.id} in ${database}\n`);

    const shown = racelab(['show', result.id, '--json', '--database', database]);
    expect(shown.code).toBe(0);
    const stored = StoredRunSchema.parse(JSON.parse(shown.stdout));
    expect(stored).toMatchObject({
      id: result.id,
      source: 'cli',
      host: 'bench-7',
      verified: true,
      status: 'completed',
    });
    expect(stored.result).toEqual(result);
  });

  it('the default notebook is $XDG_DATA_HOME/racelab/racelab.db, and the machine names the host', () => {
    const dataHome = mkdtempSync(join(folder, 'xdg-'));
    const ran = racelab(['run', ...SMALL], { env: { XDG_DATA_HOME: dataHome } });
    expect(ran.code).toBe(0);
    expect(ran.stderr).toMatch(new RegExp(`^racelab: saved as \\S+ in ${join(dataHome, 'racelab', 'racelab.db')}\\n$`));
    const listed = racelab(['history', '--json'], { env: { XDG_DATA_HOME: dataHome } });
    const runs = JSON.parse(listed.stdout) as StoredRun[];
    expect(runs.map((run) => run.id)).toEqual([savedId(ran.stderr)]);
    expect(runs[0]?.host).toBeTruthy();
  });

  it('--no-save keeps nothing and says nothing', () => {
    const database = freshDatabase();
    const ran = racelab(['run', '--json', '--no-save', ...SMALL, '--database', database]);
    expect(ran.code).toBe(0);
    expect(ran.stderr).toBe('');
    ExperimentResultSchema.parse(JSON.parse(ran.stdout));
    expect(racelab(['history', '--json', '--database', database]).stdout).toBe('[]\n');
  });

  it('RACELAB_DATABASE_URL picks the notebook when --database is not given', () => {
    const database = freshDatabase();
    const ran = racelab(['run', ...SMALL], { env: { RACELAB_DATABASE_URL: database } });
    expect(ran.stderr).toContain(` in ${database}\n`);
  });

  it('compare keeps each strategy it ran', () => {
    const database = freshDatabase();
    const ran = racelab(['compare', '--json', ...SMALL, '--database', database]);
    expect(ran.code).toBe(0);
    const ids = (JSON.parse(ran.stdout) as { id: string }[]).map((result) => result.id);
    expect(ran.stderr).toBe(`racelab: saved as ${ids.join(', ')} in ${database}\n`);
    const listed = JSON.parse(racelab(['history', '--json', '--database', database]).stdout) as StoredRun[];
    expect(listed.map((run) => run.config.strategy).sort()).toEqual(['atomic', 'mutex', 'none', 'spinlock']);
  });
});

describe('a save that fails loses nothing', () => {
  /** The result is printed whole, one line says why it was not kept, and the exit code is the run's. */
  function expectPrintedNotSaved(ran: Ran, reason: RegExp): void {
    expect(ran.code).toBe(0);
    expect(ExperimentResultSchema.parse(JSON.parse(ran.stdout)).summary.correct).toBe(true);
    const lines = ran.stderr.trimEnd().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^racelab: not saved: /);
    expect(lines[0]).toMatch(reason);
  }

  it('a read-only file', () => {
    const database = freshDatabase();
    expect(savedId(racelab(['run', ...SMALL, '--database', database]).stderr)).toBeDefined();
    chmodSync(database, 0o444);
    const ran = racelab(['run', '--json', ...SMALL, '--database', database], { unprivileged: true });
    expectPrintedNotSaved(ran, /readonly|read-only|permission/i);
  });

  it('a folder it may not create the file in', () => {
    const locked = join(folder, `locked-${++files}`);
    mkdirSync(locked, { mode: 0o555 });
    const ran = racelab(['run', '--json', ...SMALL, '--database', join(locked, 'sub', 'racelab.db')], {
      unprivileged: true,
    });
    expectPrintedNotSaved(ran, /EACCES|permission/i);
  });

  it('a file another process holds locked past the busy timeout', () => {
    const database = freshDatabase();
    expect(savedId(racelab(['run', ...SMALL, '--database', database]).stderr)).toBeDefined();
    const holder = new Database(database);
    holder.exec('begin exclusive');
    try {
      const ran = racelab(['run', '--json', ...SMALL, '--database', database]);
      expectPrintedNotSaved(ran, /locked|busy/i);
    } finally {
      holder.exec('rollback');
      holder.close();
    }
  });

  it('a database a newer racelab made unreadable to this one, named with the three versions and left untouched', () => {
    const database = freshDatabase();
    expect(savedId(racelab(['run', ...SMALL, '--database', database]).stderr)).toBeDefined();
    const writer = new Database(database);
    writer.exec("insert into racelab_migration (name, timestamp) values ('0099-from-the-future', 'x')");
    writer.exec('update racelab_schema set compatible_from = 99');
    writer.close();
    const ran = racelab(['run', '--json', ...SMALL, '--database', database]);
    expectPrintedNotSaved(
      ran,
      /schema version 99, which needs racelab schema version 99 or newer; this racelab has schema version \d+: upgrade racelab/,
    );
  });

  it('a database a newer racelab migrated additively: saved, and listed by history', () => {
    const database = freshDatabase();
    expect(savedId(racelab(['run', ...SMALL, '--database', database]).stderr)).toBeDefined();
    const writer = new Database(database);
    writer.exec("insert into racelab_migration (name, timestamp) values ('0099-from-the-future', 'x')");
    writer.exec('alter table runs add column future_note text');
    writer.close();
    const id = savedId(racelab(['run', ...SMALL, '--database', database]).stderr);
    expect(id).toBeDefined();
    const history = racelab(['history', '--json', '--database', database]);
    expect(history.code).toBe(0);
    expect(history.stdout).toContain(id as string);
  });

  it('a file that is not a racelab database', () => {
    const database = freshDatabase();
    writeFileSync(database, 'my notes\n');
    expectPrintedNotSaved(racelab(['run', '--json', ...SMALL, '--database', database]), /is not a racelab database/);
  });

  it('PostgreSQL that does not answer', () => {
    const ran = racelab(['run', '--json', ...SMALL, '--database', 'postgres://racelab@127.0.0.1:1/x']);
    expectPrintedNotSaved(ran, /127\.0\.0\.1:1.*(ECONNREFUSED|unavailable)/);
  });

  it('a --database racelab cannot speak is bad usage, refused before anything runs', () => {
    const ran = racelab(['run', ...SMALL, '--database', 'mysql://db/racelab']);
    expect(ran.code).toBe(2);
    expect(ran.stdout).toBe('');
    expect(ran.stderr).toBe(
      'racelab: --database: mysql: is not supported; give a file path, a file: URL, postgres://user@host/db, or none\n',
    );
  });
});

describe('Ctrl+C while a finished run is being kept', () => {
  /**
   * Runs the bin on a notebook another process holds locked, so keeping the runs (opening the
   * notebook, then writing) waits on the lock; sends SIGINT as soon as the result starts to print
   * (the runs are over, and nothing can have been kept: the lock is still held), then lets go.
   */
  function interruptTheSave(args: string[], database: string): Promise<Ran> {
    const holder = new Database(database);
    holder.exec('begin immediate');
    let released = false;
    const release = () => {
      if (released) return;
      released = true;
      holder.exec('rollback');
      holder.close();
    };
    return new Promise<Ran>((resolve, reject) => {
      const child = spawn(process.execPath, [CLI, ...args, '--json', '--database', database], { cwd: tmpdir() });
      let stdout = '';
      let stderr = '';
      child.stdout.on('data', (chunk) => {
        stdout += chunk;
        if (released) return;
        child.kill('SIGINT');
        release();
      });
      child.stderr.on('data', (chunk) => (stderr += chunk));
      child.on('error', reject);
      child.on('close', (code, signal) => {
        release();
        resolve({ code: code ?? (signal ? -1 : null), stdout, stderr });
      });
    });
  }

  /**
   * Either every run is in the notebook and the command exited 130 (the signal waited for the save),
   * or the notebook timed out on the lock (it may while the runs go on) and one line says so.
   */
  function expectKeptOrSaid(ran: Ran, results: { id: string }[], database: string): void {
    const ids = results.map((result) => result.id).join(', ');
    if (ran.stderr.startsWith('racelab: not saved: ')) {
      expect(ran.stderr).toMatch(/^racelab: not saved: [^\n]*(locked|busy)[^\n]*\n$/i);
      return;
    }
    expect(ran.stderr).toBe(`racelab: saved as ${ids} in ${database}\n`);
    expect(ran.code).toBe(130);
    for (const result of results) {
      const shown = racelab(['show', result.id, '--json', '--database', database]);
      expect(StoredRunSchema.parse(JSON.parse(shown.stdout)).id).toBe(result.id);
    }
  }

  it('racelab run waits for the save and exits 130, or says it was not saved: never a silent loss', async () => {
    const database = freshDatabase();
    expect(savedId(racelab(['run', ...SMALL, '--database', database]).stderr)).toBeDefined();
    const ran = await interruptTheSave(['run', ...SMALL], database);
    expectKeptOrSaid(ran, [ExperimentResultSchema.parse(JSON.parse(ran.stdout))], database);
  });

  it('racelab compare does the same for every run it printed', async () => {
    const database = freshDatabase();
    expect(savedId(racelab(['run', ...SMALL, '--database', database]).stderr)).toBeDefined();
    const ran = await interruptTheSave(['compare', ...SMALL], database);
    expectKeptOrSaid(ran, ExperimentResultSchema.array().parse(JSON.parse(ran.stdout)), database);
  });
});

describe('racelab history, show and compare ID…', () => {
  let database = '';
  const ids: Record<string, string> = {};

  beforeAll(() => {
    database = freshDatabase();
    for (const [strategy, host] of [
      ['none', 'lab-1'],
      ['mutex', 'lab-2'],
      ['atomic', 'lab-1'],
    ] as const) {
      const ran = racelab(['run', '--strategy', strategy, ...SMALL, '--database', database, '--host-name', host]);
      ids[strategy] = savedId(ran.stderr) ?? '';
    }
  });

  it('lists newest first as a table, with every filter', () => {
    const ran = racelab(['history', '--database', database]);
    expect(ran.code).toBe(0);
    const lines = ran.stdout.trimEnd().split('\n');
    expect(lines[0]).toMatch(/^when +strategy +config +lost +throughput +runtime +host +source +id$/);
    expect(lines.slice(1).map((line) => line.split(/\s+/).at(-1))).toEqual([ids.atomic, ids.mutex, ids.none]);
    expect(ran.stderr).toBe(`3 newest from ${database}\n`);
    const filtered = racelab(['history', '--json', '--host', 'lab-1', '--strategy', 'none', '--database', database]);
    expect((JSON.parse(filtered.stdout) as StoredRun[]).map((run) => run.id)).toEqual([ids.none]);
    const later = racelab(['history', '--json', '--since', '2999-01-01', '--database', database]);
    expect(later.stdout).toBe('[]\n');
    const empty = racelab(['history', '--source', 'browser', '--database', database]);
    expect(empty.stderr).toBe(`racelab: no run in ${database} matches these filters\n`);
  });

  it('--limit pages, and --csv / --ndjson stream every match', () => {
    const page = racelab(['history', '--limit', '2', '--database', database]);
    expect(page.stdout.trimEnd().split('\n')).toHaveLength(3);
    expect(page.stderr).toContain('more match');
    const csv = racelab(['history', '--csv', '--database', database]).stdout.split('\r\n');
    expect(csv[0]).toMatch(/^id,createdAt,endedAt,status,strategy,workers,iterations,trials,lostUpdatesMedian,/);
    expect(csv.slice(1, -1).map((line) => line.split(',')[0])).toEqual([ids.atomic, ids.mutex, ids.none]);
    const ndjson = racelab(['history', '--ndjson', '--runtime', 'node', '--database', database]).stdout;
    const runs = ndjson
      .trimEnd()
      .split('\n')
      .map((line) => StoredRunSchema.parse(JSON.parse(line)));
    expect(runs.map((run) => run.id)).toEqual([ids.atomic, ids.mutex, ids.none]);
  });

  it.each([
    [['--limit', '0'], '--limit must be an integer from 1 to 100 (got 0)'],
    [
      ['--since', 'yesterday'],
      '--since must be an ISO 8601 date or time, such as 2026-12-03 or 2026-12-03T12:00:00Z (got yesterday)',
    ],
    [['--status', 'done'], '--status must be one of queued, running, completed, failed, cancelled (got done)'],
    [['--source', 'web'], '--source must be one of cli, dashboard, api, browser, bench, submitted (got web)'],
    [['--runtime', 'java'], '--runtime must be one of node, bun, deno, browser (got java)'],
    [['--json', '--csv'], 'choose one output format: --json or --csv'],
    [['--workers', '4'], '--workers does not apply to history; it is for run'],
  ])('history %j exits 2 naming the flag and its range', (args, message) => {
    const ran = racelab(['history', ...args, '--database', database]);
    expect(ran.code).toBe(2);
    expect(ran.stdout).toBe('');
    expect(ran.stderr).toBe(`racelab: ${message}\n`);
  });

  it('show prints the report racelab run printed, plus where the run came from', () => {
    const ran = racelab(['show', ids.mutex ?? '', '--database', database]);
    expect(ran.code).toBe(0);
    expect(ran.stdout).toMatch(/^racelab run: mutex, 2 workers × 1,000 increments, 1 trial$/m);
    expect(ran.stdout).toMatch(/^Final counter: 2000$/m);
    expect(ran.stdout).toContain(`source cli · host lab-2 · node v`);
    expect(ran.stdout).toContain(`verified (this racelab ran it)`);
    expect(ran.stdout).toContain(`id ${ids.mutex}`);
    const missing = racelab(['show', 'no-such-run', '--database', database]);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toBe(`racelab: no run no-such-run in ${database} (racelab history lists them)\n`);
  });

  it('compare ID ID… puts stored runs side by side; a missing id is named', () => {
    const ran = racelab(['compare', ids.none ?? '', ids.mutex ?? '', '--database', database]);
    expect(ran.code).toBe(0);
    expect(ran.stdout).toMatch(/^racelab compare: 2 stored runs$/m);
    expect(ran.stdout).toMatch(new RegExp(`^${ids.mutex} +mutex +2×1,000 +2,000 +0 +0\\.00% .* lab-2 +cli `, 'm'));
    const missing = racelab(['compare', ids.none ?? '', 'gone', '--database', database]);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain('racelab: no run gone in ');
    const one = racelab(['compare', ids.none ?? '', '--database', database]);
    expect(one.code).toBe(2);
    expect(one.stderr).toBe('racelab: compare needs two or more run ids, or none to run every strategy\n');
  });

  it('a notebook that cannot be reached is one line and exit code 1, never a stack trace', () => {
    for (const command of [['history'], ['show', 'some-id'], ['compare', 'a', 'b']]) {
      const ran = racelab([...command, '--database', 'postgres://racelab@127.0.0.1:1/x']);
      expect(ran.code).toBe(1);
      expect(ran.stdout).toBe('');
      expect(ran.stderr).toMatch(
        /^racelab: the run store at postgres:\/\/racelab@127\.0\.0\.1:1\/x is unavailable: .*\n$/,
      );
    }
  });

  it('--database none has nothing to read', () => {
    const ran = racelab(['history', '--database', 'none']);
    expect(ran.code).toBe(1);
    expect(ran.stderr).toContain('--database none keeps no runs');
  });
});

describe('racelab run --submit', () => {
  let server: Server;
  let url = '';
  const received: { authorization?: string | undefined; body: unknown }[] = [];

  /** A server answering POST /results as the contract has it: 201 with the stored run, or its error body. */
  beforeAll(async () => {
    server = createServer(async (request: IncomingMessage, response) => {
      let text = '';
      for await (const chunk of request) text += chunk;
      const body = JSON.parse(text) as { id: string };
      received.push({ authorization: request.headers.authorization, body });
      if (request.url !== '/results' || request.method !== 'POST') {
        response.writeHead(404, { 'content-type': 'application/json' });
        response.end(JSON.stringify({ error: { code: 'not_found', message: `no route ${request.url}` } }));
      } else if (request.headers.authorization !== 'Bearer sesame') {
        response.writeHead(401, { 'content-type': 'application/json' });
        response.end(JSON.stringify({ error: { code: 'unauthorized', message: 'this server requires a token' } }));
      } else {
        response.writeHead(201, { 'content-type': 'application/json' });
        response.end(JSON.stringify({ id: body.id, source: 'submitted', verified: false }));
      }
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise((resolve) => server.close(resolve)));

  it('posts the result to /results and says the id the server stored it under', async () => {
    const ran = await racelabAsync(['run', '--json', '--no-save', ...SMALL, '--submit', url, '--token', 'sesame']);
    expect(ran.code).toBe(0);
    const result = ExperimentResultSchema.parse(JSON.parse(ran.stdout));
    expect(received.at(-1)).toEqual({ authorization: 'Bearer sesame', body: result });
    expect(ran.stderr).toBe(`racelab: submitted to ${url} as ${result.id}\n`);
  });

  it('sends RACELAB_API_TOKEN when --token is not given, as --server does', async () => {
    const ran = await racelabAsync(['run', '--json', '--no-save', ...SMALL, '--submit', url], {
      RACELAB_API_TOKEN: 'sesame',
    });
    expect(ran.code).toBe(0);
    const result = ExperimentResultSchema.parse(JSON.parse(ran.stdout));
    expect(received.at(-1)).toEqual({ authorization: 'Bearer sesame', body: result });
    expect(ran.stderr).toBe(`racelab: submitted to ${url} as ${result.id}\n`);
  });

  it("says the server's error in one line; the run's exit code stays its own", async () => {
    const ran = await racelabAsync(['run', '--json', '--no-save', ...SMALL, '--submit', url], {
      RACELAB_API_TOKEN: '',
    });
    expect(ran.code).toBe(0);
    ExperimentResultSchema.parse(JSON.parse(ran.stdout));
    expect(ran.stderr).toBe(`racelab: not submitted: ${url} answered 401 unauthorized: this server requires a token\n`);
  });

  it('a server that cannot be reached is one clear line', async () => {
    // A port that was just free: nothing listens there.
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const gone = `http://127.0.0.1:${(closed.address() as AddressInfo).port}`;
    await new Promise((resolve) => closed.close(resolve));
    const ran = await racelabAsync(['run', '--json', '--no-save', ...SMALL, '--submit', gone]);
    expect(ran.code).toBe(0);
    ExperimentResultSchema.parse(JSON.parse(ran.stdout));
    expect(ran.stderr).toBe(`racelab: not submitted: cannot reach ${gone} (ECONNREFUSED)\n`);
  });

  it('refuses a URL that is not http(s) before running', () => {
    const ran = racelab(['run', '--submit', 'ftp://lab/', ...SMALL]);
    expect(ran.code).toBe(2);
    expect(ran.stderr).toBe(
      'racelab: --submit must be an http:// or https:// URL of a racelab server (got ftp://lab/)\n',
    );
  });
});

describe('racelab run --submit to a real racelab API', () => {
  const API = fileURLToPath(new URL('../../api/dist/cli.js', import.meta.url));
  let api: ReturnType<typeof spawn> | undefined;
  let url = '';
  const TOKEN = 'sesame-sesame-sesame';

  beforeAll(async () => {
    api = spawn(process.execPath, [API, '--port', '0', '--quiet', '--token', TOKEN, '--database', freshDatabase()], {
      env: { ...process.env, HOST: '127.0.0.1' },
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    url = await new Promise<string>((resolve, reject) => {
      let said = '';
      api?.stderr?.on('data', (chunk) => {
        said += chunk;
        const match = /listening on (http:\/\/\S+)/.exec(said);
        if (match?.[1]) resolve(match[1]);
      });
      api?.once('exit', (code) => reject(new Error(`the API exited (${code}):\n${said}`)));
    });
  });
  afterAll(async () => {
    if (!api || api.exitCode !== null) return;
    const exited = new Promise((resolve) => api?.once('exit', resolve));
    api.kill('SIGTERM');
    await exited;
  });

  it('the server keeps the result as submitted and unverified, under the id it says', async () => {
    const ran = await racelabAsync(['run', '--json', '--no-save', ...SMALL, '--submit', url, '--token', TOKEN]);
    expect(ran.code).toBe(0);
    const result = ExperimentResultSchema.parse(JSON.parse(ran.stdout));
    expect(ran.stderr).toBe(`racelab: submitted to ${url} as ${result.id}\n`);
    const stored = (await (await fetch(`${url}/runs/${result.id}`)).json()) as StoredRun;
    expect(stored).toMatchObject({ id: result.id, source: 'submitted', verified: false, status: 'completed' });
    expect(stored.result).toEqual(result);
  });

  it("says the server's refusal of a result sent without its token", async () => {
    const first = await racelabAsync(['run', '--json', '--no-save', ...SMALL, '--submit', url]);
    expect(first.code).toBe(0);
    expect(first.stderr).toMatch(new RegExp(`^racelab: not submitted: ${url} answered 401 \\w+: .+\\n$`));
  });
});
