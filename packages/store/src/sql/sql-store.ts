import type { StoredRun } from '@racelab/schema';
import { CompiledQuery, type ExpressionBuilder, type Insertable, type Kysely, type SelectQueryBuilder } from 'kysely';
import { decodeCursor, encodeCursor, type PagePosition } from '../cursor.js';
import { RunExistsError } from '../errors.js';
import { type HostClaim, HostNameTakenError } from '../lab/hosts.js';
import type {
  MarkInterruptedOptions,
  PruneOptions,
  RunCriteria,
  RunPage,
  RunPageRequest,
  RunStore,
} from '../run-store.js';
import {
  checkPageLimit,
  checkPruneOptions,
  DAY_MS,
  INTERRUPTED_MESSAGE,
  interruptedRun,
  isLive,
  LIVE_STATUSES,
  storedRunFromJson,
  toMillis,
  validRun,
} from '../runs.js';
import { guarded } from './errors.js';
import { claimHostName, releaseHostName } from './host-claim.js';
import { toRow } from './rows.js';
import type { SqlDatabase } from './sql-database.js';
import type { RunsTable, StoreTables } from './tables.js';

type RunsQuery = SelectQueryBuilder<StoreTables, 'runs', object>;

/** Rows read per round trip by `scan`. */
const SCAN_PAGE = 500;
/** Rows per insert statement: 21 parameters each, well inside SQLite's and PostgreSQL's limits. */
const BATCH_ROWS = 500;
const BATCHES_PER_TRANSACTION = 20;

/**
 * Insert, or replace every column of the row with the same id while that run has not ended: an
 * ended run is final (a host found lost may finish its run late; the `host_lost` already stored
 * stays). Returns how many rows were written (an ended run left as it was counts none).
 */
async function upsert(db: Kysely<StoreTables>, rows: Insertable<RunsTable>[]): Promise<number> {
  const [first] = rows;
  if (!first) return 0;
  const result = await db
    .insertInto('runs')
    .values(rows)
    .onConflict((conflict) =>
      conflict
        .column('id')
        .doUpdateSet((eb) => {
          const update: Record<string, unknown> = {};
          for (const column of Object.keys(first)) {
            if (column !== 'id') update[column] = eb.ref(`excluded.${column as keyof RunsTable}`);
          }
          return update;
        })
        .where('runs.status', 'in', LIVE_STATUSES),
    )
    .executeTakeFirst();
  return Number(result.numInsertedOrUpdatedRows ?? 0n);
}

/** The store over SQLite or PostgreSQL: the same Kysely queries, one dialect each. */
export class SqlRunStore implements RunStore {
  readonly engine: 'sqlite' | 'postgres';
  readonly location: string;
  readonly #database: SqlDatabase;
  readonly #db: Kysely<StoreTables>;
  #closed: Promise<void> | undefined;

  constructor(database: SqlDatabase) {
    this.#database = database;
    this.#db = database.db;
    this.engine = database.engine;
    this.location = database.location;
  }

  save(run: StoredRun): Promise<boolean> {
    return this.#guard(async () => (await upsert(this.#db, [toRow(validRun(run))])) > 0);
  }

  insert(run: StoredRun): Promise<void> {
    return this.#guard(async () => {
      const valid = validRun(run);
      const result = await this.#db
        .insertInto('runs')
        .values(toRow(valid))
        .onConflict((conflict) => conflict.column('id').doNothing())
        .executeTakeFirst();
      if (result.numInsertedOrUpdatedRows === 0n) throw new RunExistsError(valid.id);
    });
  }

  saveMany(runs: readonly StoredRun[]): Promise<void> {
    return this.#guard(async () => this.insertValidated(runs.map(validRun)));
  }

  /**
   * `saveMany` for runs already parsed by `StoredRunSchema` (a bulk import, the bench's seeding):
   * multi-row inserts of `BATCH_ROWS`, one transaction per `BATCHES_PER_TRANSACTION`, so a large
   * import neither holds one huge transaction nor pays one commit per run.
   */
  insertValidated(runs: readonly StoredRun[]): Promise<void> {
    // One statement may not touch a row twice (PostgreSQL refuses): the last state of an id wins,
    // unless an earlier one had ended (an ended run is final, as in the table).
    const latest = new Map<string, StoredRun>();
    for (const run of runs) {
      const earlier = latest.get(run.id);
      if (earlier === undefined || isLive(earlier.status)) latest.set(run.id, run);
    }
    const unique = [...latest.values()];
    return this.#guard(async () => {
      const perTransaction = BATCH_ROWS * BATCHES_PER_TRANSACTION;
      for (let start = 0; start < unique.length; start += perTransaction) {
        const slice = unique.slice(start, start + perTransaction);
        await this.#db.transaction().execute(async (trx) => {
          for (let batch = 0; batch < slice.length; batch += BATCH_ROWS) {
            await upsert(trx, slice.slice(batch, batch + BATCH_ROWS).map(toRow));
          }
        });
      }
    });
  }

  get(id: string): Promise<StoredRun | undefined> {
    return this.#guard(async () => {
      const row = await this.#db.selectFrom('runs').select('document').where('id', '=', id).executeTakeFirst();
      return row && storedRunFromJson(id, row.document);
    });
  }

  async list(criteria: RunCriteria, page: RunPageRequest): Promise<RunPage> {
    checkPageLimit(page.limit);
    return this.#guard(async () => {
      const after = page.cursor === undefined ? undefined : decodeCursor(page.cursor);
      const rows = await this.#pageQuery(criteria, page.limit + 1, after).execute();
      const shown = rows.slice(0, page.limit);
      const runs = shown.map((row) => storedRunFromJson(row.id, row.document));
      const last = shown.at(-1);
      if (rows.length <= page.limit || !last) return { runs };
      return { runs, nextCursor: encodeCursor({ createdMs: Number(last.created_at), id: last.id }) };
    });
  }

  async *scan(criteria: RunCriteria): AsyncIterable<StoredRun> {
    let cursor: string | undefined;
    do {
      const page = await this.list(criteria, { limit: SCAN_PAGE, cursor });
      yield* page.runs;
      cursor = page.nextCursor;
    } while (cursor);
  }

  async claimHostName(claim: HostClaim): Promise<void> {
    try {
      await claimHostName(this.#db, this.engine, this.location, claim);
    } catch (error) {
      if (error instanceof HostNameTakenError) throw error;
      await this.#guard(() => Promise.reject(error));
    }
  }

  releaseHostName(name: string, instance: string): Promise<void> {
    return this.#guard(() => releaseHostName(this.#db, name, instance));
  }

  markInterrupted(host: string, options: MarkInterruptedOptions = {}): Promise<number> {
    const message = options.message ?? INTERRUPTED_MESSAGE;
    const now = options.now ?? new Date();
    return this.#guard(() =>
      this.#db.transaction().execute(async (trx) => {
        const rows = await trx
          .selectFrom('runs')
          .select(['id', 'document'])
          .where('host', '=', host)
          .where('status', 'in', LIVE_STATUSES)
          .execute();
        for (const row of rows) {
          const run = interruptedRun(storedRunFromJson(row.id, row.document), message, now);
          const { status, ended_at, document } = toRow(run);
          await trx.updateTable('runs').set({ status, ended_at, document }).where('id', '=', row.id).execute();
        }
        return rows.length;
      }),
    );
  }

  async prune({ keepRuns, keepDays, now = new Date() }: PruneOptions): Promise<number> {
    checkPruneOptions(keepRuns, keepDays);
    return this.#guard(async () => {
      let deleted = 0;
      const ended = (eb: ExpressionBuilder<StoreTables, 'runs'>) => eb('status', 'not in', LIVE_STATUSES);
      if (keepDays !== undefined) {
        const result = await this.#db
          .deleteFrom('runs')
          .where(ended)
          .where('created_at', '<', now.getTime() - keepDays * DAY_MS)
          .executeTakeFirst();
        deleted += Number(result.numDeletedRows);
      }
      if (keepRuns !== undefined) {
        const boundary = await this.#db
          .selectFrom('runs')
          .select(['created_at', 'id'])
          .where(ended)
          .orderBy('created_at', 'desc')
          .orderBy('id', 'desc')
          .offset(keepRuns)
          .limit(1)
          .executeTakeFirst();
        if (boundary) {
          const result = await this.#db
            .deleteFrom('runs')
            .where(ended)
            .where((eb) =>
              eb(eb.refTuple('created_at', 'id'), '<=', eb.tuple(Number(boundary.created_at), boundary.id)),
            )
            .executeTakeFirst();
          deleted += Number(result.numDeletedRows);
        }
      }
      return deleted;
    });
  }

  /** Bytes the runs take, indexes included (SQLite: the file's pages; PostgreSQL: the table with its TOAST and indexes). */
  sizeBytes(): Promise<number> {
    return this.#guard(async () => {
      const query =
        this.engine === 'sqlite'
          ? 'select page_count * page_size as bytes from pragma_page_count(), pragma_page_size()'
          : "select pg_total_relation_size('runs') as bytes";
      const result = await this.#db.executeQuery<{ bytes: number | string }>(CompiledQuery.raw(query));
      return Number(result.rows[0]?.bytes ?? 0);
    });
  }

  /** Refreshes the planner's statistics (after a bulk import; PostgreSQL's autovacuum does it too, later). */
  analyze(): Promise<void> {
    return this.#guard(async () => {
      await this.#db.executeQuery(CompiledQuery.raw(this.engine === 'sqlite' ? 'analyze' : 'analyze runs'));
    });
  }

  close(): Promise<void> {
    this.#closed ??= this.#database.destroy();
    return this.#closed;
  }

  /**
   * The plan the engine picks for one page (`explain query plan` / `explain`), one line per step:
   * the bench shows with it that every filter reads an index.
   */
  explainPage(criteria: RunCriteria, limit: number): Promise<string[]> {
    return this.#guard(async () => {
      const compiled = this.#pageQuery(criteria, limit + 1, undefined).compile();
      const prefix = this.engine === 'sqlite' ? 'explain query plan ' : 'explain ';
      const result = await this.#db.executeQuery<Record<string, unknown>>(
        CompiledQuery.raw(prefix + compiled.sql, [...compiled.parameters]),
      );
      return result.rows.map((row) => String(row.detail ?? row['QUERY PLAN'] ?? JSON.stringify(row)));
    });
  }

  #pageQuery(criteria: RunCriteria, limit: number, after: PagePosition | undefined) {
    let query = this.#matching(criteria);
    if (after) {
      query = query.where((eb) => eb(eb.refTuple('created_at', 'id'), '<', eb.tuple(after.createdMs, after.id)));
    }
    return query
      .select(['id', 'created_at', 'document'])
      .orderBy('created_at', 'desc')
      .orderBy('id', 'desc')
      .limit(limit);
  }

  /** The runs matching every given criterion; each alone, and strategy + host, has its own index. */
  #matching(criteria: RunCriteria): RunsQuery {
    let query: RunsQuery = this.#db.selectFrom('runs');
    if (criteria.strategy !== undefined) query = query.where('strategy', '=', criteria.strategy);
    if (criteria.status !== undefined) query = query.where('status', '=', criteria.status);
    if (criteria.runtime !== undefined) query = query.where('runtime_name', '=', criteria.runtime);
    if (criteria.host !== undefined) query = query.where('host', '=', criteria.host);
    if (criteria.source !== undefined) query = query.where('source', '=', criteria.source);
    if (criteria.group !== undefined) query = query.where('run_group', '=', criteria.group);
    if (criteria.since !== undefined) query = query.where('created_at', '>=', toMillis(criteria.since));
    if (criteria.until !== undefined) query = query.where('created_at', '<', toMillis(criteria.until));
    return query;
  }

  #guard<T>(operation: () => Promise<T>): Promise<T> {
    return guarded(this.location, operation);
  }
}
