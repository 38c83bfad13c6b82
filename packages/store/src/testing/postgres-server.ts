import { execFile } from 'node:child_process';
import { chown, mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

/** A throwaway PostgreSQL cluster: its own data folder and a free port on 127.0.0.1, removed after. */
export interface PostgresServer {
  /** `postgres://racelab@127.0.0.1:PORT/postgres` (trust authentication, loopback only). */
  readonly url: string;
  readonly port: number;
  readonly dataDir: string;
  /** Stops the server (fast shutdown), keeping its data: for tests of a server that goes away. */
  stop(): Promise<void>;
  /** Starts it again on the same port, with the same data. */
  start(): Promise<void>;
  /** Stops it if running and deletes its data folder. */
  remove(): Promise<void>;
}

export interface PostgresServerOptions {
  /**
   * false (the default for tests): fsync off, since a throwaway cluster need not survive a power
   * cut. true: PostgreSQL's own defaults, for measurements a user would recognise.
   */
  durable?: boolean;
}

/**
 * Where this machine's PostgreSQL binaries are: `RACELAB_PG_BINDIR` (only it, when set), else `pg_config --bindir`,
 * else the newest `/usr/lib/postgresql/<version>/bin` (Debian, Ubuntu); undefined when none has `initdb`.
 */
export async function findPostgresBinaries(): Promise<string | undefined> {
  const candidates: string[] = [];
  // Named explicitly: that folder or nothing (RACELAB_PG_BINDIR=none: behave as a machine without PostgreSQL).
  if (process.env.RACELAB_PG_BINDIR)
    return (await hasInitdb(process.env.RACELAB_PG_BINDIR)) ? process.env.RACELAB_PG_BINDIR : undefined;
  try {
    candidates.push((await run('pg_config', ['--bindir'])).stdout.trim());
  } catch {
    // No pg_config on PATH: look where Debian puts each version.
  }
  try {
    const versions = (await readdir('/usr/lib/postgresql')).sort((a, b) => Number(b) - Number(a));
    candidates.push(...versions.map((version) => `/usr/lib/postgresql/${version}/bin`));
  } catch {
    // Not Debian-like.
  }
  for (const bindir of candidates) {
    // pg_config from a client-only package points at a folder without initdb.
    if (await hasInitdb(bindir)) return bindir;
  }
  return undefined;
}

async function hasInitdb(bindir: string): Promise<boolean> {
  try {
    await run(join(bindir, 'initdb'), ['--version']);
    return true;
  } catch {
    return false;
  }
}

/** PostgreSQL refuses to run as root: as root, its commands run as the `postgres` user. */
async function asServerUser(): Promise<{ uid: number; gid: number } | undefined> {
  if (process.getuid?.() !== 0) return undefined;
  const passwd = await readFile('/etc/passwd', 'utf8');
  const entry = passwd.split('\n').find((line) => line.startsWith('postgres:'));
  if (!entry) throw new Error('running as root, and there is no postgres user to run PostgreSQL as');
  const [, , uid, gid] = entry.split(':');
  return { uid: Number(uid), gid: Number(gid) };
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() =>
        typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port')),
      );
    });
  });
}

/** Starts a throwaway cluster, or returns undefined when this machine has no PostgreSQL. */
export async function startPostgresServer(options: PostgresServerOptions = {}): Promise<PostgresServer | undefined> {
  const bindir = await findPostgresBinaries();
  if (!bindir) return undefined;
  const user = await asServerUser();
  const dataDir = await mkdtemp(join(tmpdir(), 'racelab-pg-'));
  if (user) await chown(dataDir, user.uid, user.gid);
  const command = (name: string, args: string[]) =>
    user ? run('runuser', ['-u', 'postgres', '--', join(bindir, name), ...args]) : run(join(bindir, name), args);
  try {
    await command('initdb', ['-D', dataDir, '-A', 'trust', '-U', 'racelab', '-E', 'UTF8', '--locale=C', '--no-sync']);
  } catch (error) {
    await rm(dataDir, { recursive: true, force: true });
    throw withOutput('initdb failed', error);
  }
  let port = 0;
  let running = false;
  const settings = () =>
    [
      `-p ${port}`,
      `-k ${dataDir}`,
      '-c listen_addresses=127.0.0.1',
      ...(options.durable ? [] : ['-c fsync=off', '-c synchronous_commit=off', '-c full_page_writes=off']),
    ].join(' ');
  const start = async () => {
    await command('pg_ctl', [
      '-D',
      dataDir,
      '-l',
      join(dataDir, 'server.log'),
      '-w',
      '-t',
      '60',
      '-o',
      settings(),
      'start',
    ]);
    running = true;
  };
  const stop = async () => {
    if (!running) return;
    await command('pg_ctl', ['-D', dataDir, '-m', 'fast', '-w', '-t', '60', 'stop']);
    running = false;
  };
  const remove = async () => {
    try {
      await stop();
    } finally {
      await rm(dataDir, { recursive: true, force: true });
    }
  };
  // Another process may take the free port between finding and binding it: try a few.
  for (let attempt = 1; ; attempt += 1) {
    port = await freePort();
    try {
      await start();
      break;
    } catch (error) {
      if (attempt < 3) continue;
      await remove();
      throw withOutput(`pg_ctl start failed on port ${port}`, error);
    }
  }
  return {
    url: `postgres://racelab@127.0.0.1:${port}/postgres`,
    port,
    dataDir,
    start,
    stop,
    remove,
  };
}

function withOutput(what: string, error: unknown): Error {
  const { stderr, stdout } = error as { stderr?: string; stdout?: string };
  return new Error(`${what}: ${(stderr || stdout || String(error)).trim()}`, { cause: error });
}
