import { homedir } from 'node:os';
import { isAbsolute, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { BadLocationError } from './errors.js';

export type StoreLocation =
  | { engine: 'memory' }
  | { engine: 'sqlite'; path: string }
  | { engine: 'postgres'; url: string; display: string };

export interface LocationContext {
  /** Read for `RACELAB_DATABASE_URL`, `XDG_DATA_HOME` and `HOME` (default: `process.env`). */
  env?: Record<string, string | undefined>;
  /** Relative paths resolve from here (default: the working directory). */
  cwd?: string;
}

export const DATABASE_ENV = 'RACELAB_DATABASE_URL';

/** `$XDG_DATA_HOME/racelab/racelab.db`, else `~/.local/share/racelab/racelab.db`. */
export function defaultDatabasePath(env: Record<string, string | undefined> = process.env): string {
  const xdg = env.XDG_DATA_HOME;
  // The XDG spec says a relative XDG_DATA_HOME is invalid and must be ignored.
  const dataHome = xdg && isAbsolute(xdg) ? xdg : join(env.HOME || homedir(), '.local', 'share');
  return join(dataHome, 'racelab', 'racelab.db');
}

/**
 * What `--database` (or `RACELAB_DATABASE_URL`, or nothing) names: `none`, a PostgreSQL URL, a
 * `file:` URL or a path of an SQLite file. Anything else is a `BadLocationError` naming the choices.
 */
export function resolveLocation(location: string | undefined, context: LocationContext = {}): StoreLocation {
  const env = context.env ?? process.env;
  const given = location?.trim() || env[DATABASE_ENV]?.trim();
  if (!given) return { engine: 'sqlite', path: defaultDatabasePath(env) };
  if (given === 'none') return { engine: 'memory' };
  const scheme = /^([a-z][a-z0-9+.-]+):/i.exec(given)?.[1]?.toLowerCase();
  if (scheme === 'postgres' || scheme === 'postgresql') return postgresLocation(given);
  if (scheme === 'file') return { engine: 'sqlite', path: filePath(given, context.cwd) };
  // `C:\…` is a Windows path, not a scheme; anything else with `scheme:` we do not speak.
  if (scheme !== undefined && /^[a-z][a-z0-9+.-]+:\/\//i.test(given)) {
    throw new BadLocationError(`database: ${scheme}: is not supported; ${CHOICES}`);
  }
  return { engine: 'sqlite', path: resolvePath(given, env, context.cwd) };
}

const CHOICES = 'give a file path, a file: URL, postgres://user@host/db, or none';

function postgresLocation(url: string): StoreLocation {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new BadLocationError(`database: ${maskPassword(url)} is not a valid PostgreSQL URL; ${CHOICES}`);
  }
  if (parsed.password) parsed.password = '***';
  return { engine: 'postgres', url, display: parsed.href };
}

function filePath(url: string, cwd: string | undefined): string {
  if (url.startsWith('file://')) {
    try {
      return fileURLToPath(url);
    } catch (error) {
      throw new BadLocationError(
        `database: ${url} is not a usable file: URL (${(error as Error).message}); ${CHOICES}`,
      );
    }
  }
  // `file:notes.db`, as SQLite and libSQL accept it: relative to the working directory.
  const rest = decodeURIComponent(url.slice('file:'.length).split('?')[0] ?? '');
  if (!rest) throw new BadLocationError(`database: ${url} names no file; ${CHOICES}`);
  return resolve(cwd ?? process.cwd(), rest);
}

function resolvePath(path: string, env: Record<string, string | undefined>, cwd: string | undefined): string {
  if (path === '~' || path.startsWith('~/')) return join(env.HOME || homedir(), path.slice(1));
  return resolve(cwd ?? process.cwd(), path);
}

function maskPassword(text: string): string {
  return text.replace(/(\/\/[^:/@]*:)[^@]*@/, '$1***@');
}

/** What to print about a location: never a password. */
export function describeLocation(location: StoreLocation): string {
  if (location.engine === 'memory') return 'none (in memory)';
  return location.engine === 'sqlite' ? location.path : location.display;
}
