/**
 * The store section (issue 17): what keeping every run costs, on both engines. One finished run
 * inserted (into an empty store, and into one holding `seedRuns`), a page of 50 unfiltered, with
 * each filter alone and with strategy + host + since (with the plan the engine chose), the bytes a
 * seed-sized run takes, and the embedded driver's install and open times.
 */
import { mkdtemp, open as openFile, rm } from 'node:fs/promises';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { stats } from '@racelab/core/internal';
import type { Stats } from '@racelab/schema';
import { openRunStore, type RunStore, SqlRunStore } from '@racelab/store';
import { makeStoredRun, startPostgresServer } from '@racelab/store/testing';
import { type DriverCost, measureDriver } from './driver-cost.js';
import { indexOf, type PageQuery, pageQueries, sortsRows } from './page-queries.js';
import { seedBatches } from './seed.js';

export interface StoreSettings {
  /** Runs in the store the pages are read from (1,000,000 in a full run). */
  readonly seedRuns: number;
  /** Single inserts timed, on the empty store and on the seeded one. */
  readonly insertRounds: number;
  /** Rounds of every page query, the queries taking turns. */
  readonly pageRounds: number;
  /** Opens of an existing file, each in a fresh process. */
  readonly openRounds: number;
  /** Time `npm install libsql` in a scratch folder (needs the npm registry). */
  readonly installDriver: boolean;
}

export interface PageTiming {
  name: string;
  /** Runs on the page (50 unless fewer match). */
  rows: number;
  ms: Stats;
  /** The index the plan reads, or null when it scans the table. */
  index: string | null;
  /** Whether the plan sorts the matches (a page should come straight from an index, in order). */
  sorts: boolean;
  plan: string[];
}

export interface EngineTiming {
  engine: 'sqlite' | 'postgres';
  unavailable?: string;
  /** Where: the SQLite file's settings, or the PostgreSQL server's. */
  setup?: string;
  insertEmptyMs?: Stats;
  insertSeededMs?: Stats;
  seed?: { runs: number; seconds: number; runsPerSecond: number };
  bytesPerRun?: number;
  pages: PageTiming[];
}

export interface StoreReport {
  seedRuns: number;
  /** 1-minute load average when the section started: other work on the cores skews every time here. */
  loadBefore: number;
  engines: EngineTiming[];
  driver: DriverCost;
  /** A 4 KiB write and fdatasync in the store's folder: what one durable commit costs on this disk at least. */
  fsyncMs: Stats;
}

type Log = (message: string) => void;

export async function measureStore(settings: StoreSettings, log: Log): Promise<StoreReport> {
  const loadBefore = loadavg()[0] ?? 0;
  const folder = await mkdtemp(join(tmpdir(), 'racelab-bench-store-'));
  try {
    const sqlitePath = join(folder, 'racelab.db');
    log('store: SQLite (libSQL, WAL, synchronous=normal)');
    const sqlite = await measureEngine(() => openRunStore(sqlitePath), settings, log);
    sqlite.setup = 'one file, WAL, synchronous=normal, busy timeout 5 s';
    log('store: PostgreSQL on 127.0.0.1 (durable: fsync and synchronous_commit on)');
    const postgres = await measurePostgres(settings, log);
    log('store: the embedded driver: install and open');
    const driver = await measureDriver(settings, folder);
    const fsyncMs = await timeFsync(join(folder, 'fsync-probe'), 20);
    return { seedRuns: settings.seedRuns, loadBefore, engines: [sqlite, postgres], driver, fsyncMs };
  } finally {
    await rm(folder, { recursive: true, force: true });
  }
}

async function measurePostgres(settings: StoreSettings, log: Log): Promise<EngineTiming> {
  let server: Awaited<ReturnType<typeof startPostgresServer>>;
  try {
    server = await startPostgresServer({ durable: true });
  } catch (error) {
    return { engine: 'postgres', unavailable: (error as Error).message, pages: [] };
  }
  if (!server) return { engine: 'postgres', unavailable: 'no PostgreSQL binaries on this machine', pages: [] };
  try {
    const timing = await measureEngine(() => openRunStore(server.url), settings, log);
    timing.setup = 'a throwaway cluster on 127.0.0.1 over TCP, default settings (fsync, synchronous_commit on)';
    return timing;
  } finally {
    await server.remove();
  }
}

async function measureEngine(open: () => Promise<RunStore>, settings: StoreSettings, log: Log): Promise<EngineTiming> {
  const store = await open();
  if (!(store instanceof SqlRunStore)) throw new Error(`expected an SQL store, got ${store.engine}`);
  try {
    const insertEmptyMs = await timeInserts(store, settings.insertRounds, 'empty');
    await store.prune({ keepRuns: 0 });
    const seed = await seedStore(store, settings.seedRuns, log);
    await store.analyze();
    const bytesPerRun = (await store.sizeBytes()) / settings.seedRuns;
    const pages = await timePages(store, pageQueries(settings.seedRuns), settings.pageRounds);
    const insertSeededMs = await timeInserts(store, settings.insertRounds, 'seeded');
    return { engine: store.engine, insertEmptyMs, insertSeededMs, seed, bytesPerRun, pages };
  } finally {
    await store.close();
  }
}

/** One finished seed-sized run at a time, through `save` (validation, JSON, one commit), as a front end saves. */
async function timeInserts(store: RunStore, rounds: number, label: string): Promise<Stats> {
  const samples: number[] = [];
  for (let round = 0; round < rounds; round += 1) {
    const run = makeStoredRun({ id: `insert-${label}-${round}`, createdAt: new Date().toISOString(), host: 'bench' });
    const started = performance.now();
    await store.save(run);
    samples.push(performance.now() - started);
  }
  return stats(samples.slice(Math.min(5, rounds - 1)))!;
}

async function seedStore(store: SqlRunStore, runs: number, log: Log): Promise<EngineTiming['seed']> {
  const started = performance.now();
  let done = 0;
  for (const batch of seedBatches(runs, 10_000)) {
    await store.insertValidated(batch);
    done += batch.length;
    if (done % 100_000 === 0) log(`store: ${store.engine} seeded ${done.toLocaleString('en-US')} runs`);
  }
  const seconds = (performance.now() - started) / 1000;
  return { runs, seconds, runsPerSecond: runs / seconds };
}

async function timePages(store: SqlRunStore, queries: PageQuery[], rounds: number): Promise<PageTiming[]> {
  const samples = queries.map(() => [] as number[]);
  const rows = queries.map(() => 0);
  // Two warm-up rounds, then the queries take turns so drift hits them alike.
  for (let round = -2; round < rounds; round += 1) {
    for (const [index, query] of queries.entries()) {
      const started = performance.now();
      const page = await store.list(query.criteria, { limit: 50 });
      const elapsed = performance.now() - started;
      if (round >= 0) samples[index]!.push(elapsed);
      rows[index] = page.runs.length;
    }
  }
  const timings: PageTiming[] = [];
  for (const [index, query] of queries.entries()) {
    const plan = await store.explainPage(query.criteria, 50);
    timings.push({
      name: query.name,
      rows: rows[index]!,
      ms: stats(samples[index]!)!,
      index: indexOf(plan),
      sorts: sortsRows(plan),
      plan,
    });
  }
  return timings;
}

async function timeFsync(path: string, rounds: number): Promise<Stats> {
  const handle = await openFile(path, 'w');
  const block = new Uint8Array(4096).fill(7);
  const samples: number[] = [];
  try {
    for (let round = 0; round < rounds; round += 1) {
      const started = performance.now();
      await handle.write(block, 0, block.length, round * block.length);
      await handle.datasync();
      samples.push(performance.now() - started);
    }
  } finally {
    await handle.close();
  }
  return stats(samples)!;
}
