/**
 * `pnpm --filter @racelab/api lab-runtimes <bun binary> <deno binary>`: a mixed lab. A throwaway
 * PostgreSQL and three hosts from the build on one database: `lab-node` (this Node.js, 127.0.0.1),
 * `lab-bun` (127.0.0.2) and `lab-deno` (127.0.0.3). Then, with real runs:
 * - `GET /hosts`, asked of each host, lists the three, idle, each with its runtime;
 * - a mutex group on `"all"` finishes exactly once on each host, exact, each result made by that
 *   host's runtime; a `none` group shows each host's losses (never above expected);
 * - an event stream on the Node host follows a run on the Bun host and one on the Deno host to
 *   their results (one completed; one long run ended by a cancel sent through the third host);
 * - PostgreSQL restarts while runs are queued for every host: each completes once, on its host;
 * - `kill -9` of the Bun host in a long run ends it `failed` `host_lost` within the lease plus a
 *   margin; a new Bun host under the same name rejoins, idle, and runs;
 * - SIGTERM of the Deno host in a long run ends it `cancelled`, and the host exits 0.
 * Every process it starts is stopped at the end, on failure, on Ctrl+C and past its own deadline.
 * Prints what ran where. Exits 0 when all holds, 1 on the first failed check, 2 on bad arguments.
 *
 * Nothing waits on the clock alone: each wait is for an event (a stream's event, a process's exit)
 * or for the database's state, with deadlines far beyond any expected wait. The one bound on time is
 * the issue's: a lost host's run ends within its lease plus a margin.
 */
import { accessSync, constants, existsSync } from 'node:fs';
import { type ExperimentResult, ExperimentResultSchema } from '@racelab/schema';
import pg from 'pg';
import { HostListSchema, type Run, RunGroupSchema, RunSchema } from '../src/api-schemas.js';
import {
  call,
  followStream,
  LabHarness,
  type LabHostProcess,
  readEvents,
  type ServerSentEvent,
} from '../test/support/lab-harness.js';
import { type HostRuntime, type RuntimeName, THIS_NODE } from '../test/support/runtimes.js';

const LEASE_SECONDS = 3;
/** Past the lease, for the others' next sweep (every lease/5) and a loaded 2-core machine. */
const LOST_MARGIN_SECONDS = 5;
/** Any one wait: far beyond what it should take; reaching it is a failure, not a measurement. */
const WAIT_MS = 120_000;
/** The whole script. */
const DEADLINE_MS = 15 * 60_000;
/**
 * A run that lasts until it is cancelled or its host dies, on any machine: 2 × 10^10 spinlock
 * increments (the hosts admit it: the harness's --max-increments).
 */
const LONG_RUN = { strategy: 'spinlock', workers: 2, iterations: 100_000_000, trials: 100 } as const;
const MUTEX = { strategy: 'mutex', workers: 4, iterations: 250_000, trials: 2 } as const;
const NONE = { strategy: 'none', workers: 10, iterations: 100_000, trials: 3 } as const;

const HOSTS = [
  { name: 'lab-node', address: '127.0.0.1', runtime: 'node' },
  { name: 'lab-bun', address: '127.0.0.2', runtime: 'bun' },
  { name: 'lab-deno', address: '127.0.0.3', runtime: 'deno' },
] as const satisfies ReadonlyArray<{ name: string; address: string; runtime: RuntimeName }>;
type HostName = (typeof HOSTS)[number]['name'];
const NAMES = HOSTS.map((host) => host.name);

function usage(message: string): never {
  process.stderr.write(`lab-runtimes: ${message}\nusage: lab-runtimes.ts <bun binary> <deno binary>\n`);
  process.exit(2);
}

const [bunBinary, denoBinary, ...extra] = process.argv.slice(2).filter((arg) => arg !== '--');
if (!bunBinary || !denoBinary || extra.length > 0) usage('needs the Bun binary and the Deno binary, in that order');
for (const binary of [bunBinary, denoBinary]) {
  try {
    accessSync(binary, constants.X_OK);
  } catch {
    usage(`${binary} is not an executable file (scripts/install-runtime.sh bun|deno prints one)`);
  }
}
const RUNTIMES: Record<RuntimeName, HostRuntime> = {
  node: THIS_NODE,
  bun: { name: 'bun', binary: bunBinary },
  deno: { name: 'deno', binary: denoBinary },
};

class CheckFailed extends Error {}

function check(condition: unknown, message: string): asserts condition {
  if (!condition) throw new CheckFailed(message);
  process.stdout.write(`  ok  ${message}\n`);
}

function within<T>(promise: Promise<T>, what: string, ms = WAIT_MS): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const expired = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new CheckFailed(`gave up after ${ms / 1000} s waiting for ${what}`)), ms);
  });
  return Promise.race([promise, expired]).finally(() => clearTimeout(timer));
}

const format = (n: number) => n.toLocaleString('en-US');

// ---- the lab and its clean-up ------------------------------------------------------------------

const lab = await LabHarness.start([THIS_NODE]);
if (!lab) {
  const message = 'no PostgreSQL found (initdb in RACELAB_PG_BINDIR, pg_config --bindir or /usr/lib/postgresql/*/bin)';
  if (process.env.CI === 'true') {
    process.stderr.write(`lab-runtimes: ${message}: CI must run the mixed lab (apt-get install -y postgresql)\n`);
    process.exit(1);
  }
  console.log(`lab-runtimes skipped: ${message}; apt-get install postgresql to run it`);
  process.exit(0);
}
const database = new pg.Pool({ connectionString: lab.databaseUrl, max: 2 });
database.on('error', () => {});

/** Every host process this script started, to make sure none outlives it. */
const children: LabHostProcess['child'][] = [];
let cleaning: Promise<boolean> | undefined;
/** Stops every host and removes the PostgreSQL server (once, whoever asks first); true when all are gone. */
function cleanUp(): Promise<boolean> {
  cleaning ??= (async () => {
    await database.end().catch(() => {});
    await lab?.close();
    const alive = children.filter((child) => child.exitCode === null && child.signalCode === null);
    if (alive.length > 0) {
      process.stderr.write(
        `lab-runtimes: host processes still running: ${alive.map((child) => child.pid).join(', ')}\n`,
      );
    }
    return alive.length === 0 && !existsSync(lab?.server.dataDir ?? '');
  })();
  return cleaning;
}

for (const [signal, code] of [
  ['SIGINT', 130],
  ['SIGTERM', 143],
] as const) {
  process.once(signal, () => {
    process.stderr.write(`lab-runtimes: ${signal}: stopping the lab\n`);
    void cleanUp().finally(() => process.exit(code));
  });
}
const deadline = setTimeout(() => {
  process.stderr.write(`FAIL: the mixed lab took over ${DEADLINE_MS / 60_000} minutes\n`);
  void cleanUp().finally(() => process.exit(1));
}, DEADLINE_MS);

// ---- helpers -----------------------------------------------------------------------------------

function host(name: HostName): LabHostProcess {
  const found = lab?.hosts.get(name);
  if (!found) throw new CheckFailed(`host ${name} is not running`);
  return found;
}
const urlOf = (name: HostName) => host(name).url;
const runtimeOf = (name: HostName) => HOSTS.find((each) => each.name === name)?.runtime as RuntimeName;

function startHost(name: HostName) {
  const { address, runtime } = HOSTS.find((each) => each.name === name) ?? HOSTS[0];
  const starting = (lab as LabHarness).startHost({
    name,
    address,
    runtime: RUNTIMES[runtime],
    leaseSeconds: LEASE_SECONDS,
    // This script is one client (127.0.0.1) that queues up to six runs at once.
    extraArgs: ['--quiet', '--max-queued', '100', '--max-queued-per-client', '20', '--run-timeout-ms', '600000'],
  });
  return within(
    starting.then((started) => {
      children.push(started.child);
      return started;
    }),
    `${name} (${runtime}) to listen`,
  );
}

async function submit(on: HostName, body: object, wait = false) {
  return call(`${urlOf(on)}/runs${wait ? '?wait=true' : ''}`, { method: 'POST', body });
}

async function submitOne(on: HostName, body: object) {
  const { status, body: answer } = await submit(on, body);
  if (status !== 202) throw new CheckFailed(`POST /runs on ${on}: ${status} ${JSON.stringify(answer)}`);
  return RunSchema.parse(answer);
}

async function cancel(on: HostName, id: string) {
  const { status, body } = await call(`${urlOf(on)}/runs/${id}`, { method: 'DELETE' });
  if (status !== 200) throw new CheckFailed(`DELETE /runs/${id} on ${on}: ${status} ${JSON.stringify(body)}`);
  return RunSchema.parse(body);
}

async function getRun(on: HostName, id: string) {
  return RunSchema.parse((await call(`${urlOf(on)}/runs/${id}`)).body);
}

/** Opens the run's event stream on `follower`; resolves once it has shown a progress event. */
async function followUntilRunning(follower: HostName, id: string) {
  const { events, done, running } = followStream(`${urlOf(follower)}/runs/${id}/events`);
  await within(running, `the stream on ${follower} to show run ${id} running`);
  if (!events.some((event) => event.event === 'progress')) {
    throw new CheckFailed(`the stream of ${id} on ${follower} ended before any progress: ${JSON.stringify(events)}`);
  }
  return { events, done: within(done, `the stream of ${id} on ${follower} to end`) };
}

/** Polls the database until `done` holds. */
async function until<T>(read: () => Promise<T>, done: (value: T) => boolean, what: string): Promise<T> {
  const deadlineAt = Date.now() + WAIT_MS;
  for (;;) {
    const value = await read().catch(() => undefined);
    if (value !== undefined && done(value)) return value;
    if (Date.now() > deadlineAt) throw new CheckFailed(`gave up waiting for ${what}: ${JSON.stringify(value)}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

async function storedRuns(ids: readonly string[]) {
  const { rows } = await database.query<{ id: string; status: string; host: string | null }>(
    'select id, status, host from runs where id = any($1)',
    [ids],
  );
  return new Map(rows.map((row) => [row.id, row]));
}

async function jobsLeft(ids: readonly string[]): Promise<number> {
  const { rows } = await database.query<{ n: number }>(
    `select count(*)::int as n from graphile_worker.jobs where key = any($1)`,
    [ids],
  );
  return rows[0]?.n ?? -1;
}

const ended = (status: string) => status !== 'queued' && status !== 'running';

function checkMadeBy(result: ExperimentResult, name: HostName, what: string) {
  const made = result.environment.runtime;
  check(
    made?.name === runtimeOf(name) && result.environment.host === name,
    `${what} on ${name} was made by ${made?.name} ${made?.version} on ${result.environment.host}`,
  );
}

// What ran where: one row per check, one cell per host.
const table: Array<{ check: string; on: string; cells: Partial<Record<HostName, string>> }> = [];
const row = (what: string, on: string) => {
  const entry = { check: what, on, cells: {} as Partial<Record<HostName, string>> };
  table.push(entry);
  return entry.cells;
};
const versions: Partial<Record<HostName, string>> = {};

function printTable(): void {
  const header = ['check', 'sent to', ...NAMES.map((name) => `${name} (${versions[name] ?? runtimeOf(name)})`)];
  const rows = table.map((entry) => [entry.check, entry.on, ...NAMES.map((name) => entry.cells[name] ?? '–')]);
  const widths = header.map((title, column) =>
    Math.max(title.length, ...rows.map((cells) => cells[column]?.length ?? 0)),
  );
  const line = (cells: string[]) =>
    cells
      .map((cell, column) => cell.padEnd(widths[column] ?? 0))
      .join('  ')
      .trimEnd();
  console.log('\nwhat ran where');
  console.log(line(header));
  for (const cells of rows) console.log(line(cells));
}

// ---- the checks --------------------------------------------------------------------------------

async function main(): Promise<void> {
  for (const { name } of HOSTS) {
    const started = await startHost(name);
    console.log(`${name}: ${started.runtime.name} (${started.runtime.binary}) at ${started.url}`);
  }

  console.log('GET /hosts');
  for (const asked of NAMES) {
    const { status, body } = await call(`${urlOf(asked)}/hosts`);
    const { hosts } = HostListSchema.parse(body);
    check(
      status === 200 &&
        hosts.map((each) => `${each.name} ${each.runtime.split(' ')[0]} ${each.state}`).join(', ') ===
          HOSTS.map((each) => `${each.name} ${each.runtime} idle`)
            .sort()
            .join(', '),
      `on ${asked}: ${hosts.map((each) => `${each.name} ${each.runtime} ${each.state}`).join(', ')}`,
    );
    for (const each of hosts) versions[each.name as HostName] = each.runtime;
  }

  console.log(`mutex ${MUTEX.workers} × ${format(MUTEX.iterations)} × ${MUTEX.trials} on "all", sent to lab-bun`);
  const mutexCells = row(`mutex ${MUTEX.workers}×${format(MUTEX.iterations)}×${MUTEX.trials}, "all"`, 'lab-bun');
  const mutexAnswer = await within(submit('lab-bun', { ...MUTEX, hosts: 'all' }, true), 'the mutex group');
  check(mutexAnswer.status === 200, `POST /runs?wait=true answers 200 once all have ended (${mutexAnswer.status})`);
  const mutexGroup = RunGroupSchema.parse(mutexAnswer.body);
  check(
    mutexGroup.runs.length === 3 && new Set(mutexGroup.runs.map((run) => run.host)).size === 3,
    `three runs, each on a different host (${mutexGroup.runs.map((run) => run.host).join(', ')})`,
  );
  for (const run of mutexGroup.runs) {
    const name = run.host as HostName;
    const result = run.result;
    const expected = MUTEX.workers * MUTEX.iterations;
    check(
      run.status === 'completed' &&
        run.group === mutexGroup.group &&
        result?.expected === expected &&
        result.trials.length === MUTEX.trials &&
        result.trials.every((trial) => trial.actual === expected && trial.lostUpdates === 0) &&
        result.summary.correct,
      `${name}: completed, ${result?.trials.map((trial) => format(trial.actual)).join(' and ')} of ${format(expected)} (${format(expected * MUTEX.trials)} in all)`,
    );
    checkMadeBy(result as ExperimentResult, name, 'the mutex run');
    mutexCells[name] = `exact ${result?.trials.map((trial) => format(trial.actual)).join(', ')}`;
  }
  const groupIds = mutexGroup.runs.map((run) => run.id);
  const { rows: stored } = await database.query<{ host: string; status: string }>(
    'select host, status from runs where run_group = $1 order by host',
    [mutexGroup.group],
  );
  check(
    stored.length === 3 && stored.every((each) => each.status === 'completed') && (await jobsLeft(groupIds)) === 0,
    `once each: the store holds 3 runs in the group (${stored.map((each) => each.host).join(', ')}), the queue no job for them`,
  );

  console.log(`none ${NONE.workers} × ${format(NONE.iterations)} × ${NONE.trials} on "all", sent to lab-deno`);
  const noneCells = row(`none ${NONE.workers}×${format(NONE.iterations)}×${NONE.trials}, "all": lost`, 'lab-deno');
  const noneAnswer = await within(submit('lab-deno', { ...NONE, hosts: 'all' }, true), 'the none group');
  const noneGroup = RunGroupSchema.parse(noneAnswer.body);
  check(
    noneAnswer.status === 200 &&
      noneGroup.runs
        .map((run) => run.host)
        .sort()
        .join() === [...NAMES].sort().join(),
    `one run on each host (${noneGroup.runs.map((run) => run.host).join(', ')})`,
  );
  for (const run of noneGroup.runs) {
    const name = run.host as HostName;
    const result = run.result as ExperimentResult;
    check(
      run.status === 'completed' &&
        result.trials.length === NONE.trials &&
        result.trials.every(
          (trial) => trial.actual <= result.expected && trial.lostUpdates === result.expected - trial.actual,
        ),
      `${name}: lost ${result.trials.map((trial) => format(trial.lostUpdates)).join(', ')} of ${format(result.expected)} (never more than expected)`,
    );
    checkMadeBy(result, name, 'the none run');
    noneCells[name] = result.trials.map((trial) => format(trial.lostUpdates)).join(', ');
  }

  console.log('event streams on lab-node follow runs on lab-bun and lab-deno');
  const finiteCells = row('mutex 2×5,000,000, followed on lab-node', 'lab-node');
  for (const name of ['lab-bun', 'lab-deno'] as const) {
    const run = await submitOne('lab-node', { strategy: 'mutex', workers: 2, iterations: 5_000_000, hosts: [name] });
    const events: ServerSentEvent[] = [];
    await within(
      (async () => {
        for await (const event of readEvents(`${urlOf('lab-node')}/runs/${run.id}/events`)) events.push(event);
      })(),
      `the stream of the run on ${name}`,
    );
    const last = events.at(-1);
    const result = last?.event === 'result' ? ExperimentResultSchema.parse(JSON.parse(last.data)) : undefined;
    const progress = events.filter((event) => event.event === 'progress').length;
    check(
      events[0]?.event === 'run' && result?.status === 'completed' && result.trials[0]?.actual === 10_000_000,
      `a run on ${name}, followed on lab-node: run, ${progress} progress, result completed ${format(result?.trials[0]?.actual ?? 0)}`,
    );
    checkMadeBy(result as ExperimentResult, name, 'the followed run');
    finiteCells[name] = `completed, ${progress} progress`;
  }
  const longCells = row('long run, followed on lab-node, cancelled', 'lab-node');
  for (const [name, canceller] of [
    ['lab-bun', 'lab-deno'],
    ['lab-deno', 'lab-bun'],
  ] as const) {
    const run = await submitOne('lab-node', { ...LONG_RUN, hosts: [name] });
    const { done } = await followUntilRunning('lab-node', run.id);
    const cancelled = await within(cancel(canceller, run.id), `the cancel of the run on ${name}`);
    check(cancelled.status === 'cancelled', `DELETE on ${canceller} cancels the run on ${name}`);
    const events = await done;
    const progress = events.filter((event) => event.event === 'progress');
    const ids = progress.map((event) => Number(event.id));
    const last = events.at(-1);
    const result = last?.event === 'result' ? ExperimentResultSchema.parse(JSON.parse(last.data)) : undefined;
    check(
      events[0]?.event === 'run' &&
        ids.every((id, index) => Number.isInteger(id) && id > (ids[index - 1] ?? 0)) &&
        last?.id === 'end' &&
        result?.status === 'cancelled',
      `the stream on lab-node: run, ${progress.length} progress (ids rising), result cancelled`,
    );
    checkMadeBy(result as ExperimentResult, name, 'the long run');
    longCells[name] = `${progress.length} progress, cancelled via ${canceller}`;
  }

  console.log('PostgreSQL restarts while runs are queued for every host');
  const restartCells = row('PostgreSQL restart, 2 queued each', 'each host');
  const blockers: Run[] = [];
  for (const name of NAMES) blockers.push(await submitOne(name, { ...LONG_RUN, hosts: [name] }));
  await until(
    () => storedRuns(blockers.map((run) => run.id)),
    (found) => [...found.values()].every((run) => run.status === 'running'),
    'the three long runs to start',
  );
  const queued: Run[] = [];
  for (const name of NAMES) {
    for (let copy = 0; copy < 2; copy++) {
      queued.push(
        await submitOne(NAMES[(NAMES.indexOf(name) + 1) % 3] as HostName, {
          strategy: 'mutex',
          workers: 2,
          iterations: 200_000,
          hosts: [name],
        }),
      );
    }
  }
  const before = await storedRuns(queued.map((run) => run.id));
  check(
    [...before.values()].every((run) => run.status === 'queued') && before.size === 6,
    'six runs queued, two named for each host, each host busy',
  );
  await lab?.server.stop();
  await lab?.server.start();
  check(true, 'PostgreSQL stopped and started again');
  // Each blocker cancelled through another host: the cancel crosses the lab over the reconnected LISTEN.
  for (const [index, blocker] of blockers.entries()) {
    const via = NAMES[(index + 2) % 3] as HostName;
    const cancelled = await within(cancel(via, blocker.id), `the cancel of ${blocker.host}'s long run`);
    check(cancelled.status === 'cancelled', `${blocker.host}'s long run cancelled through ${via}`);
  }
  const after = await until(
    () => storedRuns(queued.map((run) => run.id)),
    (found) => found.size === 6 && [...found.values()].every((run) => ended(run.status)),
    'the six queued runs to end',
  );
  for (const name of NAMES) {
    const mine = queued.filter((run) => run.host === name);
    const results = await Promise.all(mine.map((run) => getRun('lab-node', run.id)));
    check(
      results.every(
        (run) => after.get(run.id)?.status === 'completed' && run.host === name && run.result?.summary.correct,
      ),
      `${name}: its two queued runs completed, exact, on ${name}`,
    );
    for (const run of results) checkMadeBy(run.result as ExperimentResult, name, 'a queued run');
    restartCells[name] = `${results.length} completed`;
  }
  check((await jobsLeft(queued.map((run) => run.id))) === 0, 'no job left for them: each ran once');

  console.log('kill -9 of lab-bun during a long run');
  const killCells = row(`kill -9 in a long run (lease ${LEASE_SECONDS} s)`, 'lab-node');
  const doomed = await submitOne('lab-node', { ...LONG_RUN, hosts: ['lab-bun'] });
  const doomedStream = await followUntilRunning('lab-node', doomed.id);
  const killedAt = performance.now();
  const killed = await within((lab as LabHarness).stopHost('lab-bun', 'SIGKILL'), 'lab-bun to die');
  check(killed === 'SIGKILL', 'lab-bun killed (SIGKILL)');
  const doomedEvents = await doomedStream.done;
  const lostAfter = (performance.now() - killedAt) / 1000;
  const lastDoomed = doomedEvents.at(-1);
  check(
    lastDoomed?.event === 'error' && JSON.parse(lastDoomed.data).error?.code === 'host_lost',
    `the stream on lab-node ends with error host_lost, ${lostAfter.toFixed(1)} s after the kill`,
  );
  check(
    lostAfter <= LEASE_SECONDS + LOST_MARGIN_SECONDS,
    `within the lease plus a margin (${lostAfter.toFixed(1)} s ≤ ${LEASE_SECONDS} + ${LOST_MARGIN_SECONDS} s)`,
  );
  const lostRun = await getRun('lab-deno', doomed.id);
  check(
    lostRun.status === 'failed' && lostRun.error?.code === 'host_lost' && lostRun.host === 'lab-bun',
    `GET /runs/{id} on lab-deno: failed, host_lost, host lab-bun`,
  );
  killCells['lab-bun'] = `failed host_lost after ${lostAfter.toFixed(1)} s`;
  const rejoinCells = row('a new lab-bun rejoins, runs', 'lab-node');
  await startHost('lab-bun');
  const rejoined = HostListSchema.parse((await call(`${urlOf('lab-node')}/hosts`)).body).hosts.filter(
    (each) => each.name === 'lab-bun',
  );
  check(
    rejoined.length === 1 && rejoined[0]?.state === 'idle' && rejoined[0].runtime.startsWith('bun '),
    `GET /hosts: one lab-bun entry, ${rejoined.map((each) => `${each.state}, ${each.runtime}`).join('; ')}`,
  );
  const again = await within(
    submit('lab-node', { strategy: 'mutex', workers: 2, iterations: 100_000, hosts: ['lab-bun'] }, true),
    'a run on the new lab-bun',
  );
  const againRun = RunSchema.parse(again.body);
  check(
    againRun.status === 'completed' && againRun.result?.summary.correct === true,
    'the new lab-bun runs a mutex run, exact',
  );
  checkMadeBy(againRun.result as ExperimentResult, 'lab-bun', 'the run after rejoining');
  rejoinCells['lab-bun'] = 'idle, then completed';

  console.log('SIGTERM of lab-deno during a long run');
  const termCells = row('SIGTERM in a long run', 'lab-node');
  const stopped = await submitOne('lab-node', { ...LONG_RUN, hosts: ['lab-deno'] });
  const stoppedStream = await followUntilRunning('lab-node', stopped.id);
  const code = await within((lab as LabHarness).stopHost('lab-deno', 'SIGTERM'), 'lab-deno to exit');
  check(code === 0, `lab-deno exits 0 on SIGTERM (${code})`);
  const stoppedEvents = await stoppedStream.done;
  const lastStopped = stoppedEvents.at(-1);
  const stoppedResult =
    lastStopped?.event === 'result' ? ExperimentResultSchema.parse(JSON.parse(lastStopped.data)) : undefined;
  check(stoppedResult?.status === 'cancelled', 'the stream on lab-node ends with result cancelled');
  const stoppedRun = await getRun('lab-bun', stopped.id);
  check(
    stoppedRun.status === 'cancelled' && stoppedRun.host === 'lab-deno' && stoppedRun.error?.code === 'cancelled',
    `GET /runs/{id} on lab-bun: cancelled on lab-deno ("${stoppedRun.error?.message}")`,
  );
  const left = HostListSchema.parse((await call(`${urlOf('lab-node')}/hosts`)).body).hosts;
  check(
    left.find((each) => each.name === 'lab-deno')?.state === 'lost' &&
      left.filter((each) => each.name !== 'lab-deno').every((each) => each.state === 'idle'),
    `GET /hosts: ${left.map((each) => `${each.name} ${each.state}`).join(', ')}`,
  );
  termCells['lab-deno'] = 'cancelled, exit 0';
}

let failed = false;
try {
  await main();
} catch (error) {
  failed = true;
  process.stderr.write(
    `FAIL: ${error instanceof CheckFailed ? error.message : String((error as Error)?.stack ?? error)}\n`,
  );
  for (const each of lab.hosts.values()) {
    process.stderr.write(`--- ${each.name} (${each.runtime.name}) stderr:\n${each.stderr().slice(-2_000)}\n`);
  }
}
const clean = await cleanUp();
clearTimeout(deadline);
printTable();
if (!clean) process.stderr.write('FAIL: a host process or the PostgreSQL data folder outlived the lab\n');
console.log(
  failed || !clean
    ? 'FAIL'
    : `PASS: ${children.length} host processes (${NAMES.join(', ')}, lab-bun again) and PostgreSQL stopped`,
);
process.exit(failed || !clean ? 1 : 0);
