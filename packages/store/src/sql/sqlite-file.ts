import { Buffer } from 'node:buffer';
import { open } from 'node:fs/promises';
import { NotRacelabDatabaseError } from '../errors.js';
import { storeFailure } from './errors.js';

const SQLITE_HEADER = 'SQLite format 3\0';

/** Refuses, without opening it, a file whose first bytes are not SQLite's header. */
export async function checkSqliteFile(path: string): Promise<void> {
  let handle: Awaited<ReturnType<typeof open>> | undefined;
  try {
    handle = await open(path, 'r');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return;
    if ((error as NodeJS.ErrnoException).code === 'EISDIR') throw new NotRacelabDatabaseError(path, 'a directory');
    throw storeFailure(path, error);
  }
  try {
    const header = Buffer.alloc(16);
    const { bytesRead } = await handle.read(header, 0, 16, 0);
    // An empty file is an empty database to SQLite: it becomes a racelab one.
    if (bytesRead === 0) return;
    if (bytesRead < 16 || header.toString('latin1') !== SQLITE_HEADER) {
      throw new NotRacelabDatabaseError(path, 'not an SQLite file');
    }
  } finally {
    await handle.close();
  }
}
