/**
 * The SQL a lab of hosts needs beside the run store: the hosts registry (`HostRegistry`), the atomic
 * claim of a queued run, lab-wide queue counts, and the ends of runs a lost host leaves behind. The
 * job queue itself is graphile-worker's (its own schema in the same database); this is only
 * racelab's bookkeeping.
 */
import type { RunError, StoredRun } from '@racelab/schema';
import { sql, type Transaction } from 'kysely';
import { DatabaseTooNewError } from '../errors.js';
import { SCHEMA_VERSION, versionOf } from '../migrations/index.js';
import { LIVE_STATUSES, storedRunFromJson, validRun } from '../runs.js';
import { MIGRATION_TABLE, SCHEMA_MARK_LOCK, SCHEMA_MARK_TABLE } from '../sql/migrate.js';
import { toRow } from '../sql/rows.js';
import { HostRegistry } from './host-registry.js';
import { LabQueueFullError } from './hosts.js';
import type { LabTables } from './lab-tables.js';

export interface QueueLimits {
  /** Queued runs one client may have across the lab. */
  perClient: number;
  /** Queued runs the whole lab may hold. */
  total: number;
}

export class LabDatabase extends HostRegistry {
  /**
   * Refuses (`DatabaseTooNewError`) when a newer racelab raised the database's compatibility mark
   * above this racelab's schema version. A host calls it once registered: under the mark's lock, so
   * a migration raising the mark either saw this host live (and refused) or committed before this
   * read (and this host refuses).
   */
  checkSchema(): Promise<void> {
    return this.guard(() =>
      this.db.transaction().execute(async (trx) => {
        await sql`select pg_advisory_xact_lock_shared(hashtext(${SCHEMA_MARK_LOCK}))`.execute(trx);
        const mark = await sql<{
          compatible_from: number;
        }>`select compatible_from from ${sql.table(SCHEMA_MARK_TABLE)}`.execute(trx);
        const compatibleFrom = Number(mark.rows[0]?.compatible_from ?? 1);
        if (compatibleFrom <= SCHEMA_VERSION) return;
        const applied = await sql<{ name: string }>`select name from ${sql.table(MIGRATION_TABLE)}`.execute(trx);
        const newest = Math.max(SCHEMA_VERSION, ...applied.rows.map((row) => versionOf(row.name) ?? 0));
        throw new DatabaseTooNewError(this.location, newest, SCHEMA_VERSION, compatibleFrom);
      }),
    );
  }

  /**
   * Inserts queued runs and their jobs in one transaction (a run is never queued without its job, nor
   * a job without its run), after checking the lab-wide limits under a per-client advisory lock, so
   * two hosts admitting one client's runs at once cannot both slip under its limit. A client may
   * submit while it has fewer than `perClient` runs queued (a group counts once at the door).
   * Each job goes through the queue's own `add_job` SQL function, which wakes its workers on commit.
   */
  insertQueued(
    runs: ReadonlyArray<{ run: StoredRun; task: string }>,
    client: string,
    limits: QueueLimits,
    queueSchema: string,
  ): Promise<void> {
    return this.guard(() =>
      this.db.transaction().execute(async (trx) => {
        await sql`select pg_advisory_xact_lock(hashtext(${`racelab-client:${client}`}))`.execute(trx);
        if ((await countQueued(trx, client)) >= limits.perClient)
          throw new LabQueueFullError('client', limits.perClient);
        if ((await countQueued(trx)) >= limits.total) throw new LabQueueFullError('lab', limits.total);
        for (const { run, task } of runs) {
          await trx
            .insertInto('runs')
            .values(toRow(validRun(run)))
            .execute();
          await sql`select ${sql.id(queueSchema, 'add_job')}(identifier => ${task}, payload => ${JSON.stringify({ runId: run.id })}::json, max_attempts => 1, job_key => ${run.id})`.execute(
            trx,
          );
        }
      }),
    );
  }

  /**
   * The queue handed this host the job of run `id`: moves it from queued to running here, or
   * returns undefined when it is no longer queued (cancelled meanwhile, or failed with its host).
   * At-least-once delivery stops here: a run is started once, whatever the queue does.
   */
  claim(id: string, host: string, options: { retry?: boolean; now?: Date } = {}): Promise<StoredRun | undefined> {
    const now = options.now ?? new Date();
    return this.guard(() =>
      this.db.transaction().execute(async (trx) => {
        let query = trx.selectFrom('runs').select(['id', 'document']).where('id', '=', id);
        // A retry after a lost reply: the first attempt may have committed. The caller holds the
        // queue's lock on this run's job, so a run already marked running by this host is its own.
        query = options.retry
          ? query.where((eb) =>
              eb.or([eb('status', '=', 'queued'), eb.and([eb('status', '=', 'running'), eb('host', '=', host)])]),
            )
          : query.where('status', '=', 'queued');
        const row = await query.forUpdate().executeTakeFirst();
        if (!row) return undefined;
        const run: StoredRun = { ...storedRunFromJson(row.id, row.document), status: 'running', host };
        run.startedAt = now.toISOString();
        await updateRun(trx, run);
        return run;
      }),
    );
  }

  /** Ends run `id` with `status` and `error` if it is still in one of `from`; true when it was. */
  endRun(
    id: string,
    from: readonly string[],
    status: 'failed' | 'cancelled',
    error: RunError,
    now = new Date(),
  ): Promise<boolean> {
    return this.guard(() =>
      this.db.transaction().execute(async (trx) => {
        const row = await trx
          .selectFrom('runs')
          .select(['id', 'document'])
          .where('id', '=', id)
          .where('status', 'in', [...from])
          .forUpdate()
          .executeTakeFirst();
        if (!row) return false;
        const run: StoredRun = { ...storedRunFromJson(row.id, row.document), status, error };
        run.endedAt = now.toISOString();
        await updateRun(trx, run);
        return true;
      }),
    );
  }

  /** Ids of the runs of `host` in `statuses` (queued ones named for it, or the one it ran). */
  async runsOf(host: string, statuses: readonly string[]): Promise<string[]> {
    return this.guard(async () => {
      const rows = await this.db
        .selectFrom('runs')
        .select('id')
        .where('host', '=', host)
        .where('status', 'in', [...statuses])
        .execute();
      return rows.map((row) => row.id);
    });
  }

  /** Queued or running runs (to reconcile runs followed here with the store). */
  async statusOf(ids: readonly string[]): Promise<Map<string, string>> {
    if (ids.length === 0) return new Map();
    return this.guard(async () => {
      const rows = await this.db
        .selectFrom('runs')
        .select(['id', 'status'])
        .where('id', 'in', [...ids])
        .execute();
      return new Map(rows.map((row) => [row.id, row.status]));
    });
  }

  /** Deletes the queue's job of run `key` unless a worker holds it (the queue's own `remove_job`). */
  removeJob(queueSchema: string, key: string): Promise<void> {
    return this.guard(async () => {
      await sql`select ${sql.id(queueSchema, 'remove_job')}(${key})`.execute(this.db);
    });
  }

  /** Sends `payload` to every host listening on `channel` (under NOTIFY's 8,000-byte limit). */
  notify(channel: string, payload: string): Promise<void> {
    return this.guard(async () => {
      await sql`select pg_notify(${channel}, ${payload})`.execute(this.db);
    });
  }
}

export const LIVE_RUN_STATUSES = LIVE_STATUSES;

function countQueued(trx: Transaction<LabTables>, client?: string): Promise<number> {
  let query = trx.selectFrom('runs').select(sql<number>`count(*)::int`.as('count')).where('status', '=', 'queued');
  if (client !== undefined) query = query.where('client', '=', client);
  return query.executeTakeFirstOrThrow().then((row) => Number(row.count));
}

async function updateRun(trx: Transaction<LabTables>, run: StoredRun): Promise<void> {
  const { status, host, started_at, ended_at, document } = toRow(validRun(run));
  await trx
    .updateTable('runs')
    .set({ status, host, started_at, ended_at, document })
    .where('id', '=', run.id)
    .execute();
}
