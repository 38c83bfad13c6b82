/**
 * Runs the store could not take before shutdown (PostgreSQL down, the SQLite file locked) are not
 * dropped: the write-behind buffer is written to a local file, one JSON run per line, and the next
 * start of this server writes them to the store before it serves anyone. A run a client saw end is
 * kept, whatever the database was doing at the time.
 */
import { appendFile, mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { type StoredRun, StoredRunSchema } from '@racelab/schema';
import { defaultDatabasePath, type RunStore, StoreError, type StoreLocation } from '@racelab/store';
import type { LogLine } from '../http/request-log.js';

/**
 * Where this server keeps what it could not write: beside an SQLite notebook (`racelab.db` →
 * `racelab.db.unsaved.ndjson`); for PostgreSQL in racelab's data folder, one file per host name
 * (hosts of one lab may share a machine); none for a memory store.
 */
export function spillPath(
  location: StoreLocation,
  hostName: string,
  env: Record<string, string | undefined> = process.env,
): string | undefined {
  if (location.engine === 'memory') return undefined;
  if (location.engine === 'sqlite') return `${location.path}.unsaved.ndjson`;
  const safeName = hostName.replace(/[^A-Za-z0-9._-]/g, '_');
  return join(dirname(defaultDatabasePath(env)), `unsaved-runs-${safeName}.ndjson`);
}

/** Appends `runs` to the file (created private, folder included), flushed to disk before it resolves. */
export async function spillRuns(path: string, runs: readonly StoredRun[]): Promise<void> {
  if (runs.length === 0) return;
  await mkdir(dirname(path), { recursive: true });
  await appendFile(path, runs.map((run) => `${JSON.stringify(run)}\n`).join(''), { mode: 0o600, flush: true });
}

export interface Replayed {
  /** Ended runs written to the store. */
  written: number;
  /** Lines that were no run, or runs that had not ended (their end is `interrupted` now): dropped. */
  dropped: number;
  /** Left in the file: the store stopped answering while they were written, or it could not be read. */
  kept: number;
}

/**
 * Writes the runs a previous shutdown kept in `path` to the store, then removes the file. Only ended
 * runs are written (a state saved before the end is moot: the start marks such runs `interrupted`),
 * and a run the store already holds ended stays as it is. If the store stops answering midway, the
 * runs not yet written stay in the file for the next start.
 */
export async function replaySpill(path: string, store: RunStore, log: LogLine): Promise<Replayed> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') {
      log(
        `run store: cannot read ${path} (runs kept from the last shutdown): ${(error as Error).message}; left as it is`,
      );
    }
    return { written: 0, dropped: 0, kept: 0 };
  }
  const runs: StoredRun[] = [];
  let dropped = 0;
  for (const line of text.split('\n')) {
    if (line.trim() === '') continue;
    let parsed: ReturnType<typeof StoredRunSchema.safeParse>;
    try {
      parsed = StoredRunSchema.safeParse(JSON.parse(line));
    } catch {
      dropped += 1;
      continue;
    }
    if (parsed.success && parsed.data.status !== 'queued' && parsed.data.status !== 'running') runs.push(parsed.data);
    else dropped += 1;
  }
  let written = 0;
  for (const [index, run] of runs.entries()) {
    try {
      // false: the store holds it ended already (written before the shutdown after all, or ended
      // elsewhere, as a lab does with a lost host's run): the stored end stands.
      if (await store.save(run)) written += 1;
    } catch (error) {
      if (error instanceof StoreError && error.code === 'store_unavailable') {
        const rest = runs.slice(index);
        await writeFile(path, rest.map((kept) => `${JSON.stringify(kept)}\n`).join(''), { mode: 0o600 });
        log(`run store: ${written} runs kept from the last shutdown written; ${rest.length} still in ${path}`);
        return { written, dropped, kept: rest.length };
      }
      // The store refuses this one (store_rejected): it would never be taken; say so and go on.
      log(`run store: run ${run.id} kept from the last shutdown was not saved: ${(error as Error).message}`);
      dropped += 1;
    }
  }
  await rm(path, { force: true });
  if (written + dropped > 0) {
    log(
      `run store: wrote ${written} runs kept from the last shutdown (${path})` +
        (dropped > 0 ? `; ${dropped} entries were not ended runs and were dropped` : ''),
    );
  }
  return { written, dropped, kept: 0 };
}
