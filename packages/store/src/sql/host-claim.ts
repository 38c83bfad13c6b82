/**
 * A server that is no lab host still shares its notebook: the CLI writes to it, and a second API may
 * be started on it. Each API takes its host name in the notebook's `hosts` table (migration 0003) for
 * as long as it runs, so that a second one with the same name is refused instead of marking the
 * first one's live runs `interrupted` at its start. Liveness is proven only where it can be, on this
 * machine (`HostClaim.isLive`: the process id, this boot); a holder that is not provably alive is
 * taken over, so a crash or a reboot never locks a name out.
 */
import type { Kysely } from 'kysely';
import { type HostClaim, HostNameTakenError } from '../lab/hosts.js';
import type { HostsTable } from '../lab/lab-tables.js';
import { SCHEMA_VERSION } from '../migrations/index.js';
import type { StoreTables } from './tables.js';

export async function claimHostName(
  database: Kysely<StoreTables>,
  engine: 'sqlite' | 'postgres',
  location: string,
  claim: HostClaim,
): Promise<void> {
  const now = claim.now ?? Date.now();
  const { name } = claim.identity;
  await database
    .withTables<{ hosts: HostsTable }>()
    .transaction()
    .execute(async (trx) => {
      const read = trx.selectFrom('hosts').selectAll().where('name', '=', name);
      // SQLite's transaction already holds the write lock (`begin immediate`); PostgreSQL locks the row.
      const previous = await (engine === 'postgres' ? read.forUpdate() : read).executeTakeFirst();
      if (
        previous &&
        previous.instance !== claim.instance &&
        previous.state !== 'lost' &&
        claim.isLive(previous.instance)
      ) {
        const pid = previous.instance.split('/')[1];
        throw new HostNameTakenError(
          name,
          new Date(previous.started_at),
          `another racelab-api serving ${location}${pid ? ` (pid ${pid} on this machine)` : ''}`,
        );
      }
      const row: HostsTable = {
        name,
        instance: claim.instance,
        cpus: claim.identity.cpus,
        cpu_model: claim.identity.cpuModel,
        runtime: claim.identity.runtime,
        version: claim.identity.version,
        state: 'idle',
        started_at: now,
        last_seen_at: now,
        // No heartbeat outside a lab: liveness is the process's own, checked on this machine.
        lease_ms: 0,
        running_run: null,
        worker_id: null,
        job_id: null,
        schema_version: SCHEMA_VERSION,
        schema_instance: claim.instance,
      };
      await trx
        .insertInto('hosts')
        .values(row)
        .onConflict((conflict) => conflict.column('name').doUpdateSet(row))
        .execute();
    });
}

/** Gives the name back at shutdown (`lost`, as a lab host leaving); a name another process took meanwhile stays its own. */
export async function releaseHostName(database: Kysely<StoreTables>, name: string, instance: string): Promise<void> {
  await database
    .withTables<{ hosts: HostsTable }>()
    .updateTable('hosts')
    .set({ state: 'lost', last_seen_at: Date.now() })
    .where('name', '=', name)
    .where('instance', '=', instance)
    .execute();
}
