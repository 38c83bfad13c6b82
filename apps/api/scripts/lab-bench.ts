/**
 * `pnpm --filter @racelab/api lab-bench [-- --runs N --follow-seconds S]`: a throwaway PostgreSQL and
 * three hosts (racelab-api on 127.0.0.1, .2, .3) from the build, then:
 * - submit → started on an idle lab: POST /runs (any host, a tiny run) with ?wait=true, and the
 *   run's `startedAt` as the submitting host saw it, minus the moment the request was sent;
 * - progress of a run on host C reaching a client on host A: the same run's event stream read from
 *   C and from A at once; each progress sample's arrival on A minus its arrival from C (the extra
 *   delay of crossing the lab: NOTIFY, LISTEN, re-encoding).
 * The followed run has one worker, so on a 2-core machine it leaves a core to the hosts and PostgreSQL.
 * Prints medians and p99; exits 2 on a bad flag. Needs `pnpm build`.
 */
import { parseArgs } from 'node:util';
import pg from 'pg';
import { call, LabHarness, readEvents } from '../test/support/lab-harness.js';

function flags() {
  const args = process.argv.slice(2).filter((arg) => arg !== '--');
  try {
    const { values } = parseArgs({
      args,
      strict: true,
      options: { runs: { type: 'string', default: '60' }, 'follow-seconds': { type: 'string', default: '3' } },
    });
    const runs = Number(values.runs);
    const followSeconds = Number(values['follow-seconds']);
    if (!Number.isInteger(runs) || runs < 1 || runs > 10_000)
      throw new Error('--runs must be an integer from 1 to 10,000');
    if (!Number.isInteger(followSeconds) || followSeconds < 1 || followSeconds > 600) {
      throw new Error('--follow-seconds must be an integer from 1 to 600');
    }
    return { runs, followSeconds };
  } catch (error) {
    process.stderr.write(`lab-bench: ${(error as Error).message}\n`);
    process.exit(2);
  }
}

function quantile(sorted: number[], q: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? Number.NaN;
}

function describe(values: number[]): string {
  const sorted = [...values].sort((a, b) => a - b);
  const f = (n: number) => n.toFixed(1);
  return `median ${f(quantile(sorted, 0.5))} ms, p90 ${f(quantile(sorted, 0.9))} ms, p99 ${f(quantile(sorted, 0.99))} ms, max ${f(sorted.at(-1) ?? Number.NaN)} ms (n = ${sorted.length})`;
}

async function main(): Promise<void> {
  const { runs, followSeconds } = flags();
  const lab = await LabHarness.start();
  if (!lab) {
    process.stderr.write('lab-bench: no PostgreSQL found (initdb); apt-get install postgresql\n');
    process.exit(1);
  }
  try {
    const names = ['lab-1', 'lab-2', 'lab-3'];
    const hosts = [];
    for (const [index, name] of names.entries()) {
      hosts.push(await lab.startHost({ name, address: `127.0.0.${index + 1}`, extraArgs: ['--quiet'] }));
    }
    const [a, , c] = hosts;
    if (!a || !c) throw new Error('hosts did not start');

    // Warm each host's pool and connections first; then measure.
    await call(`${a.url}/runs?wait=true`, { method: 'POST', body: { hosts: 'all', workers: 1, iterations: 1_000 } });
    const database = new pg.Pool({ connectionString: lab.databaseUrl, max: 1 });
    const commits = async () =>
      Number(
        (await database.query('select xact_commit from pg_stat_database where datname = current_database()')).rows[0]
          .xact_commit,
      );
    // The lab's idle rate (heartbeats, sweeps, the queue's polling), to subtract from the runs' cost.
    const idleFrom = await commits();
    const idleStart = Date.now();
    await new Promise((resolve) => setTimeout(resolve, 3_000));
    const idlePerSecond = ((await commits()) - idleFrom) / ((Date.now() - idleStart) / 1000);
    const busyFrom = await commits();
    const busyStart = Date.now();
    const toStart: number[] = [];
    const ranOn = new Map<string, number>();
    for (let index = 0; index < runs; index++) {
      const submitter = hosts[index % hosts.length];
      if (!submitter) continue;
      const sent = Date.now();
      const { body } = await call<{ startedAt?: string; host?: string; status?: string; error?: unknown }>(
        `${submitter.url}/runs?wait=true`,
        {
          method: 'POST',
          body: { workers: 1, iterations: 1_000 },
        },
      );
      if (body.status !== 'completed')
        console.log(`  run ${index} ended ${body.status}: ${JSON.stringify(body.error)}`);
      if (body.startedAt) toStart.push(Date.parse(body.startedAt) - sent);
      else console.log(`  run ${index}: no startedAt in ${JSON.stringify(body).slice(0, 300)}`);
      ranOn.set(body.host ?? '?', (ranOn.get(body.host ?? '?') ?? 0) + 1);
    }
    const busySeconds = (Date.now() - busyStart) / 1000;
    const perRun = ((await commits()) - busyFrom - idlePerSecond * busySeconds) / runs;
    await database.end();
    console.log(`submit → started, idle three-host lab (any host, ?wait=true, submitted round-robin):`);
    console.log(`  ${describe(toStart)}; ran on ${[...ranOn].map(([host, n]) => `${host} ${n}`).join(', ')}`);
    console.log('  (startedAt has millisecond resolution: the submitting host stamps it as the start reaches it)');
    console.log(
      `PostgreSQL transactions: ${idlePerSecond.toFixed(1)}/s with three idle hosts; ${perRun.toFixed(1)} per run (submit, claim, states, end, job)`,
    );

    // A long run on C, followed from C and from A at once; cancelled after --follow-seconds.
    const extra: number[] = [];
    for (let round = 0; round < 3; round++) {
      const { body: run } = await call<{ id: string }>(`${a.url}/runs`, {
        method: 'POST',
        body: { strategy: 'spinlock', workers: 1, iterations: 100_000_000, trials: 10, hosts: ['lab-3'] },
      });
      const fromC = new Map<string, number>();
      const fromA = new Map<string, number>();
      const read = async (url: string, into: Map<string, number>) => {
        for await (const event of readEvents(`${url}/runs/${run.id}/events`)) {
          if (event.event === 'progress') into.set(event.data, event.at);
        }
      };
      const reading = Promise.all([read(c.url, fromC), read(a.url, fromA)]);
      await new Promise((resolve) => setTimeout(resolve, followSeconds * 1000));
      await call(`${a.url}/runs/${run.id}`, { method: 'DELETE' });
      await reading;
      for (const [sample, atA] of fromA) {
        const atC = fromC.get(sample);
        if (atC !== undefined) extra.push(atA - atC);
      }
    }
    console.log('progress of a run on host C reaching a client on host A (arrival on A − arrival from C):');
    console.log(`  ${describe(extra)}`);
  } finally {
    await lab.close();
  }
}

await main();
