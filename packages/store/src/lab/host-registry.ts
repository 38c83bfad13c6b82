/**
 * The hosts of a lab in the `hosts` table: names taken under leases, heartbeats, the run each is
 * running (with the queue's worker and job, for release), and the hosts found lost. The connection
 * pool lives here; `LabDatabase` adds the lab's run bookkeeping on the same pool.
 */
import { Kysely, PostgresDialect, sql } from 'kysely';
import pg from 'pg';
import { SCHEMA_VERSION } from '../migrations/index.js';
import { guarded } from '../sql/errors.js';
import {
  type HostIdentity,
  HostNameTakenError,
  type HostState,
  type LabHost,
  LabQueueFullError,
  type LostHost,
} from './hosts.js';
import type { HostsTable, LabTables } from './lab-tables.js';

const INT8_OID = 20;

export class HostRegistry {
  readonly pool: pg.Pool;
  readonly db: Kysely<LabTables>;
  /**
   * The heartbeat's own connection: a burst of submissions that keeps every connection of `pool`
   * busy (and queues more behind them) must not delay the beat past the lease, or the others would
   * declare a busy, healthy host lost and fail the run it is running.
   */
  readonly #beat: Kysely<LabTables>;

  constructor(
    readonly url: string,
    readonly location: string,
    maxConnections = 6,
  ) {
    this.pool = labPool(url, maxConnections, 'racelab-lab');
    this.db = new Kysely<LabTables>({ dialect: new PostgresDialect({ pool: this.pool }) });
    this.#beat = new Kysely<LabTables>({ dialect: new PostgresDialect({ pool: labPool(url, 1, 'racelab-lab-beat') }) });
  }

  /** Driver failures become `store_unavailable`; the lab's own refusals pass as they are. */
  protected async guard<T>(operation: () => Promise<T>): Promise<T> {
    try {
      return await operation();
    } catch (error) {
      if (error instanceof HostNameTakenError || error instanceof LabQueueFullError) throw error;
      return guarded(this.location, () => Promise.reject(error));
    }
  }

  /**
   * Takes the name for `instance`: refused (`HostNameTakenError`) while another instance holds it,
   * its lease has not run out and `previousIsGone` cannot tell that it is a dead process (a host
   * restarting on the same machine). Returns the run the previous instance left running, if any
   * (the caller ends it `interrupted`).
   */
  register(
    identity: HostIdentity,
    instance: string,
    leaseMs: number,
    previousIsGone: (instance: string) => boolean = () => false,
    now = Date.now(),
  ): Promise<LostHost | undefined> {
    return this.guard(() =>
      this.db.transaction().execute(async (trx) => {
        const previous = await trx
          .selectFrom('hosts')
          .selectAll()
          .where('name', '=', identity.name)
          .forUpdate()
          .executeTakeFirst();
        if (
          previous &&
          previous.instance !== instance &&
          previous.state !== 'lost' &&
          previous.last_seen_at + previous.lease_ms > now &&
          !previousIsGone(previous.instance)
        ) {
          throw new HostNameTakenError(identity.name, new Date(previous.last_seen_at));
        }
        const row: HostsTable = {
          name: identity.name,
          instance,
          cpus: identity.cpus,
          cpu_model: identity.cpuModel,
          runtime: identity.runtime,
          version: identity.version,
          state: 'idle',
          started_at: now,
          last_seen_at: now,
          lease_ms: leaseMs,
          running_run: null,
          worker_id: null,
          job_id: null,
          // Read by a newer host before it applies a migration that would break this one.
          schema_version: SCHEMA_VERSION,
          schema_instance: instance,
        };
        await trx
          .insertInto('hosts')
          .values(row)
          .onConflict((conflict) => conflict.column('name').doUpdateSet(row))
          .execute();
        if (!previous?.running_run || previous.state === 'lost') return undefined;
        return {
          name: previous.name,
          runningRun: previous.running_run,
          workerId: previous.worker_id ?? undefined,
          jobId: previous.job_id ?? undefined,
        };
      }),
    );
  }

  /**
   * Says this host is alive; false when the row is no longer this instance's (another process took
   * the name after this one was found lost), so the caller stops taking runs.
   */
  heartbeat(name: string, instance: string, now = Date.now()): Promise<boolean> {
    return this.guard(async () => {
      const result = await this.#beat
        .updateTable('hosts')
        .set({ last_seen_at: now, state: sql`case when running_run is null then 'idle' else 'running' end` })
        .where('name', '=', name)
        .where('instance', '=', instance)
        .executeTakeFirst();
      return Number(result.numUpdatedRows) > 0;
    });
  }

  /** Records what this host runs now (or nothing), with the queue's worker and job so others can release them. */
  setRunning(
    name: string,
    instance: string,
    running: { run: string; workerId: string; jobId: string } | undefined,
    now = Date.now(),
  ): Promise<void> {
    return this.guard(async () => {
      await this.db
        .updateTable('hosts')
        .set({
          state: running ? 'running' : 'idle',
          running_run: running?.run ?? null,
          worker_id: running?.workerId ?? null,
          job_id: running?.jobId ?? null,
          last_seen_at: now,
        })
        .where('name', '=', name)
        .where('instance', '=', instance)
        .execute();
    });
  }

  /** This host leaves cleanly: marked lost at once, so nothing waits out its lease for it. */
  leave(name: string, instance: string, now = Date.now()): Promise<void> {
    return this.guard(async () => {
      await this.db
        .updateTable('hosts')
        .set({ state: 'lost', running_run: null, worker_id: null, job_id: null, last_seen_at: now })
        .where('name', '=', name)
        .where('instance', '=', instance)
        .execute();
    });
  }

  async listHosts(now = Date.now()): Promise<LabHost[]> {
    return this.guard(async () => {
      const rows = await this.db.selectFrom('hosts').selectAll().orderBy('name').execute();
      const queued = await this.db
        .selectFrom('runs')
        .select(['host', sql<number>`count(*)::int`.as('count')])
        .where('status', '=', 'queued')
        .where('host', 'is not', null)
        .groupBy('host')
        .execute();
      const queuedOf = new Map(queued.map((row) => [row.host, Number(row.count)]));
      return rows.map((row) => toLabHost(row, queuedOf.get(row.name) ?? 0, now));
    });
  }

  /** Runs queued for whichever host is idle first. */
  queuedForAnyHost(): Promise<number> {
    return this.guard(async () => {
      const row = await this.db
        .selectFrom('runs')
        .select(sql<number>`count(*)::int`.as('count'))
        .where('status', '=', 'queued')
        .where('host', 'is', null)
        .executeTakeFirstOrThrow();
      return Number(row.count);
    });
  }

  /** Names of hosts whose lease has not run out. */
  async liveHostNames(now = Date.now()): Promise<string[]> {
    return (await this.listHosts(now)).filter((host) => host.state !== 'lost').map((host) => host.name);
  }

  /**
   * Marks every host silent past its lease `lost` and returns the run, queue worker and job each
   * held, read and cleared in one transaction, so exactly one host of the lab releases them.
   */
  takeLostHosts(now = Date.now()): Promise<LostHost[]> {
    return this.guard(() =>
      this.db.transaction().execute(async (trx) => {
        const rows = await trx
          .selectFrom('hosts')
          .select(['name', 'running_run', 'worker_id', 'job_id'])
          .where('state', '!=', 'lost')
          .where(sql<boolean>`last_seen_at + lease_ms < ${now}`)
          .forUpdate()
          .skipLocked()
          .execute();
        if (rows.length === 0) return [];
        await trx
          .updateTable('hosts')
          .set({ state: 'lost', running_run: null, worker_id: null, job_id: null })
          .where(
            'name',
            'in',
            rows.map((row) => row.name),
          )
          .execute();
        return rows.map((row) => ({
          name: row.name,
          runningRun: row.running_run ?? undefined,
          workerId: row.worker_id ?? undefined,
          jobId: row.job_id ?? undefined,
        }));
      }),
    );
  }

  /**
   * Names of hosts marked lost whose lease has run out too (a host that left cleanly is lost at
   * once, but its queued named runs wait out its lease in case it is only restarting).
   */
  async lostHostNames(now = Date.now()): Promise<string[]> {
    return this.guard(async () => {
      const rows = await this.db
        .selectFrom('hosts')
        .select('name')
        .where('state', '=', 'lost')
        .where(sql<boolean>`last_seen_at + lease_ms < ${now}`)
        .execute();
      return rows.map((row) => row.name);
    });
  }

  async close(): Promise<void> {
    await Promise.all([this.db.destroy(), this.#beat.destroy()]);
  }
}

function labPool(url: string, max: number, applicationName: string): pg.Pool {
  const pool = new pg.Pool({
    connectionString: url,
    max,
    connectionTimeoutMillis: 5_000,
    idleTimeoutMillis: 10_000,
    application_name: applicationName,
    types: {
      getTypeParser: ((oid: number, format?: 'text' | 'binary') =>
        oid === INT8_OID ? Number : pg.types.getTypeParser(oid, format)) as typeof pg.types.getTypeParser,
    },
  });
  // A connection the server dropped (a restart): the pool discards it and the next query reconnects.
  pool.on('error', () => {});
  // A checked-out connection the server closes (a restart) fails its query; the event must not crash us.
  pool.on('connect', (client) => client.on('error', () => {}));
  return pool;
}

function toLabHost(row: HostsTable, queued: number, now: number): LabHost {
  const silent = row.last_seen_at + row.lease_ms < now;
  const state: HostState = row.state === 'lost' || silent ? 'lost' : row.running_run ? 'running' : 'idle';
  const host: LabHost = {
    name: row.name,
    cpus: row.cpus,
    cpuModel: row.cpu_model,
    runtime: row.runtime,
    version: row.version,
    state,
    lastSeenAt: new Date(row.last_seen_at).toISOString(),
    startedAt: new Date(row.started_at).toISOString(),
    leaseMs: row.lease_ms,
    queued,
  };
  // Written by the process that holds the name now, not by one before it (an older racelab may take it over).
  if (row.schema_version !== null && row.schema_instance === row.instance) host.schemaVersion = row.schema_version;
  if (row.running_run && state === 'running') host.running = row.running_run;
  return host;
}
