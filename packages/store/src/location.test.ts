import { describe, expect, it } from 'vitest';
import { BadLocationError } from './errors.js';
import { defaultDatabasePath, describeLocation, resolveLocation } from './location.js';

const env = { HOME: '/home/ada' };

describe('resolveLocation', () => {
  it('defaults to the XDG data folder, else ~/.local/share', () => {
    expect(resolveLocation(undefined, { env })).toEqual({
      engine: 'sqlite',
      path: '/home/ada/.local/share/racelab/racelab.db',
    });
    expect(defaultDatabasePath({ ...env, XDG_DATA_HOME: '/data' })).toBe('/data/racelab/racelab.db');
    // A relative XDG_DATA_HOME is invalid by the spec, and ignored.
    expect(defaultDatabasePath({ ...env, XDG_DATA_HOME: 'data' })).toBe('/home/ada/.local/share/racelab/racelab.db');
  });

  it('reads RACELAB_DATABASE_URL when no location is given, the flag winning over it', () => {
    const withUrl = { ...env, RACELAB_DATABASE_URL: 'postgres://lab@db/racelab' };
    expect(resolveLocation(undefined, { env: withUrl })).toMatchObject({ engine: 'postgres' });
    expect(resolveLocation('none', { env: withUrl })).toEqual({ engine: 'memory' });
  });

  it('takes paths, ~ and file: URLs as SQLite files', () => {
    const cwd = '/srv/lab';
    expect(resolveLocation('notes.db', { env, cwd })).toEqual({ engine: 'sqlite', path: '/srv/lab/notes.db' });
    expect(resolveLocation('~/lab/notes.db', { env, cwd })).toEqual({
      engine: 'sqlite',
      path: '/home/ada/lab/notes.db',
    });
    expect(resolveLocation('file:///tmp/my%20lab.db', { env, cwd })).toEqual({
      engine: 'sqlite',
      path: '/tmp/my lab.db',
    });
    expect(resolveLocation('file:rel.db', { env, cwd })).toEqual({ engine: 'sqlite', path: '/srv/lab/rel.db' });
  });

  it('takes postgres:// and postgresql:// URLs, never printing the password', () => {
    const location = resolveLocation('postgresql://lab:s3cret@db.example:5433/racelab?sslmode=require', { env });
    expect(location).toMatchObject({
      engine: 'postgres',
      url: 'postgresql://lab:s3cret@db.example:5433/racelab?sslmode=require',
    });
    expect(describeLocation(location)).toBe('postgresql://lab:***@db.example:5433/racelab?sslmode=require');
  });

  it('refuses other schemes, naming the choices', () => {
    for (const given of ['mysql://db/racelab', 'http://example.com/db', 'libsql://x.turso.io']) {
      const error = (() => {
        try {
          resolveLocation(given, { env });
        } catch (caught) {
          return caught;
        }
      })();
      expect(error).toBeInstanceOf(BadLocationError);
      expect(error).toMatchObject({ code: 'bad_database_location', status: 400 });
      expect((error as Error).message).toContain('give a file path, a file: URL, postgres://user@host/db, or none');
    }
    expect(() => resolveLocation('postgres://[bad', { env })).toThrow(BadLocationError);
  });
});
