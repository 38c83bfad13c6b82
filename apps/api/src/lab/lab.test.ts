/**
 * A lab of three real hosts (three `racelab-api` processes on 127.0.0.1, .2 and .3) sharing one real
 * PostgreSQL server that this file starts. Waits are on events (the run's own stream, the process's
 * exit) or on the database's state, each with a generous deadline that is not a speed assumption.
 */
import type { ExperimentResult } from '@racelab/schema';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  call,
  followStream,
  LabHarness as Harness,
  type LabHarness,
  readEvents,
} from '../../test/support/lab-harness.js';

const LEASE_SECONDS = 3;
const TOKENS = Array.from({ length: 200 }, (_, index) => `lab-client-token-${String(index).padStart(3, '0')}`);
const ADDRESSES = { 'lab-1': '127.0.0.1', 'lab-2': '127.0.0.2', 'lab-3': '127.0.0.3' } as const;
// lab-5 joins for one test only.
type HostName = keyof typeof ADDRESSES | 'lab-5';
const NAMES = Object.keys(ADDRESSES) as Array<keyof typeof ADDRESSES>;
/**
 * A run that lasts until it is cancelled or its host dies, on any machine: two spinlock workers at the
 * largest iterations and trials, 2 × 10^10 increments (over 20 s even at 10^9 a second; far longer
 * in practice). Every test that starts one ends it itself. The hosts admit it (LAB_MAX_INCREMENTS).
 */
const LONG_RUN = { strategy: 'spinlock', workers: 2, iterations: 100_000_000, trials: 100 } as const;
const SMALL_RUN = { strategy: 'mutex', workers: 2, iterations: 1_000 } as const;

interface Run {
  id: string;
  status: string;
  host?: string;
  group?: string;
  startedAt?: string;
  result?: ExperimentResult;
  error?: { code: string; message: string };
}
interface Group {
  group: string;
  runs: Run[];
}

let lab: LabHarness | undefined;
let database: pg.Pool;
const auth = (index = 0) => ({ authorization: `Bearer ${TOKENS[index]}` });

function startHost(name: keyof typeof ADDRESSES) {
  if (!lab) throw new Error('no lab');
  return lab.startHost({
    name,
    address: ADDRESSES[name],
    leaseSeconds: LEASE_SECONDS,
    extraArgs: ['--quiet', '--max-queued', '1000', '--run-timeout-ms', '600000'],
    env: { RACELAB_API_TOKEN: TOKENS.join(',') },
  });
}

const urlOf = (name: HostName) => {
  const host = lab?.hosts.get(name);
  if (!host) throw new Error(`host ${name} is not running`);
  return host.url;
};

/** Polls the database (not a host) until `done` holds; a deadline far beyond any expected wait. */
async function until<T>(read: () => Promise<T>, done: (value: T) => boolean, what: string, ms = 90_000): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const value = await read();
    if (done(value)) return value;
    if (Date.now() > deadline) throw new Error(`gave up waiting for ${what}: ${JSON.stringify(value)}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

async function statusesOf(ids: readonly string[]): Promise<Map<string, { status: string; host: string | null }>> {
  const { rows } = await database.query<{ id: string; status: string; host: string | null }>(
    'select id, status, host from runs where id = any($1)',
    [ids],
  );
  return new Map(rows.map((row) => [row.id, { status: row.status, host: row.host }]));
}

const ended = (status: string) => status !== 'queued' && status !== 'running';

/** Opens the run's event stream on `follower` and resolves once it has shown a progress event. */
async function followUntilRunning(follower: HostName, id: string) {
  const stream = followStream(`${urlOf(follower)}/runs/${id}/events`);
  await stream.running;
  return stream;
}

const ready = await Harness.start().catch(() => undefined);
if (!ready) {
  const message = 'no PostgreSQL found (initdb): the lab suite needs one';
  if (process.env.CI === 'true') throw new Error(message);
  console.log(`lab suite skipped: ${message}; apt-get install postgresql to run it`);
}

describe.skipIf(!ready)('a lab of three hosts on one PostgreSQL', () => {
  beforeAll(async () => {
    lab = ready;
    if (!lab) return;
    for (const name of NAMES) await startHost(name);
    database = new pg.Pool({ connectionString: lab.databaseUrl, max: 2 });
    database.on('error', () => {});
  }, 60_000);

  afterAll(async () => {
    await database?.end().catch(() => {});
    await lab?.close();
  }, 30_000);

  it('lists its hosts, idle, and refuses a second live host with a name already taken (exit 2)', async () => {
    const { status, body } = await call<{ hosts: Array<{ name: string; state: string; cpus: number }> }>(
      `${urlOf('lab-2')}/hosts`,
    );
    expect(status).toBe(200);
    expect(body.hosts.map((host) => [host.name, host.state])).toEqual(NAMES.map((name) => [name, 'idle']));
    const refused = await lab?.startRefused({ name: 'lab-2', address: '127.0.0.4', leaseSeconds: LEASE_SECONDS });
    expect(refused?.code).toBe(2);
    expect(refused?.stderr).toContain('host name "lab-2" is taken by a live host');
    expect(refused?.stderr).toContain('host_name_taken');
  });

  it('runs the seed on all three hosts, exactly once each, as one group', async () => {
    const { status, body } = await call<Group>(`${urlOf('lab-1')}/runs?wait=true`, {
      method: 'POST',
      body: { hosts: 'all' },
      headers: auth(),
    });
    expect(status).toBe(200);
    expect(body.runs).toHaveLength(3);
    expect(new Set(body.runs.map((run) => run.host))).toEqual(new Set(NAMES));
    for (const run of body.runs) {
      expect(run).toMatchObject({ status: 'completed', group: body.group });
      expect(run.result?.summary.correct).toBe(true);
      expect(run.result?.trials[0]?.actual).toBe(1_000_000);
      expect(run.result?.environment.host).toBe(run.host);
    }
    const starts = body.runs.map((run) => Date.parse(run.result?.startedAt ?? ''));
    console.log(`seed on all three hosts: starts spread over ${Math.max(...starts) - Math.min(...starts)} ms`);
    const listed = await call<{ runs: Run[] }>(`${urlOf('lab-3')}/runs?group=${body.group}`);
    expect(listed.body.runs.map((run) => run.id).sort()).toEqual(body.runs.map((run) => run.id).sort());
    // Each host marked itself idle before its run's end was told, so no host still shows it running.
    const hosts = await call<{ hosts: Array<{ name: string; state: string; running?: string }> }>(
      `${urlOf('lab-2')}/hosts`,
    );
    expect(hosts.body.hosts.map((host) => [host.name, host.state, host.running])).toEqual(
      NAMES.map((name) => [name, 'idle', undefined]),
    );
  }, 120_000);

  it('shows each host’s losses in a `none` group', async () => {
    const { body } = await call<Group>(`${urlOf('lab-2')}/runs?wait=true`, {
      method: 'POST',
      body: { hosts: 'all', strategy: 'none', trials: 3 },
      headers: auth(),
    });
    const byHost = body.runs.map((run) => {
      const result = run.result as ExperimentResult;
      for (const trial of result.trials) {
        expect(trial.actual).toBeLessThanOrEqual(result.expected);
        expect(trial.lostUpdates).toBe(result.expected - trial.actual);
      }
      return `${run.host}: ${result.trials.map((trial) => trial.lostUpdates).join(', ')}`;
    });
    expect(body.runs.map((run) => run.host).sort()).toEqual([...NAMES]);
    console.log(`none, lost updates per trial — ${byHost.join('; ')}`);
  }, 120_000);

  it('streams, on host A, a run running on host C, to its result (cancelled from host B)', async () => {
    const submitted = await call<Run>(`${urlOf('lab-1')}/runs`, {
      method: 'POST',
      body: { ...LONG_RUN, hosts: ['lab-3'] },
      headers: auth(),
    });
    expect(submitted.status).toBe(202);
    expect(submitted.body.host).toBe('lab-3');
    const { events, done } = await followUntilRunning('lab-1', submitted.body.id);
    const cancelled = await call<Run>(`${urlOf('lab-2')}/runs/${submitted.body.id}`, {
      method: 'DELETE',
      headers: auth(),
    });
    expect(cancelled.status).toBe(200);
    expect(cancelled.body.status).toBe('cancelled');
    await done;
    expect(events[0]?.event).toBe('run');
    expect(events.some((event) => event.event === 'progress')).toBe(true);
    // Relayed from host C, the events carry ids as a local run's do (Last-Event-ID resumes on host A).
    const progressIds = events.filter((event) => event.event === 'progress').map((event) => Number(event.id));
    expect(progressIds.every((id) => Number.isInteger(id) && id > 0)).toBe(true);
    expect(progressIds).toEqual([...progressIds].sort((a, b) => a - b));
    expect(events[0]?.id).toMatch(/^\d+$/);
    const last = events.at(-1);
    expect(last?.event).toBe('result');
    expect(last?.id).toBe('end');
    const result = JSON.parse(last?.data ?? '{}') as ExperimentResult;
    expect(result).toMatchObject({ id: submitted.body.id, status: 'cancelled', environment: { host: 'lab-3' } });
  }, 120_000);

  it('resumes, on host A, a stream of a run on host C after the Last-Event-ID it last got', async () => {
    const submitted = await call<Run>(`${urlOf('lab-1')}/runs`, {
      method: 'POST',
      body: { ...LONG_RUN, hosts: ['lab-3'] },
      headers: auth(),
    });
    expect(submitted.status).toBe(202);
    const url = `${urlOf('lab-1')}/runs/${submitted.body.id}/events`;
    const first = new AbortController();
    let lastId: string | undefined;
    for await (const event of readEvents(url, first.signal)) {
      if (event.event === 'progress') {
        lastId = event.id;
        break;
      }
    }
    first.abort();
    expect(lastId).toMatch(/^\d+$/);
    const resumed = (async () => {
      const events: Array<{ event: string; id?: string }> = [];
      for await (const event of readEvents(url, undefined, { 'last-event-id': lastId ?? '' })) events.push(event);
      return events;
    })();
    const cancelled = await call<Run>(`${urlOf('lab-2')}/runs/${submitted.body.id}`, {
      method: 'DELETE',
      headers: auth(),
    });
    expect(cancelled.status).toBe(200);
    const events = await resumed;
    // No `run` again, only samples after the one it had, then the end.
    expect(events.map((event) => event.event)).not.toContain('run');
    for (const event of events.filter((each) => each.event === 'progress')) {
      expect(Number(event.id)).toBeGreaterThan(Number(lastId));
    }
    expect(events.at(-1)).toMatchObject({ event: 'result', id: 'end' });
  }, 120_000);

  it('refuses unknown hosts with 400 unknown_host, naming the lab’s hosts', async () => {
    const { status, body } = await call<{ error: { code: string; message: string } }>(`${urlOf('lab-1')}/runs`, {
      method: 'POST',
      body: { hosts: ['lab-2', 'arm-9'] },
      headers: auth(),
    });
    expect(status).toBe(400);
    expect(body.error.code).toBe('unknown_host');
    expect(body.error.message).toContain('"arm-9"');
    expect(body.error.message).toContain('lab-1, lab-2, lab-3');
  });

  it('holds per-client limits across hosts, and runs 200 clients’ runs exactly once each', async () => {
    // Every host busy with a long run: whatever else is submitted waits in the lab's queue.
    const blockers = await Promise.all(
      NAMES.map((name) =>
        call<Run>(`${urlOf(name)}/runs`, { method: 'POST', body: { ...LONG_RUN, hosts: [name] }, headers: auth(199) }),
      ),
    );
    await until(
      () => statusesOf(blockers.map((blocker) => blocker.body.id)),
      (statuses) => [...statuses.values()].every((run) => run.status === 'running'),
      'the three long runs to start',
    );
    // One client, six runs, spread over the three hosts: its limit (4 queued) holds lab-wide.
    const answers = [];
    for (let index = 0; index < 6; index++) {
      const name = NAMES[index % 3] as HostName;
      answers.push(await call<Run>(`${urlOf(name)}/runs`, { method: 'POST', body: SMALL_RUN, headers: auth(0) }));
    }
    expect(answers.map((answer) => answer.status)).toEqual([202, 202, 202, 202, 429, 429]);
    expect(answers[4]?.body).toMatchObject({ error: { code: 'client_queue_full' } });
    // 200 clients at once, one run each, to the three hosts in turn (199 already has its blockers).
    const submissions = await Promise.all(
      TOKENS.slice(1, 199).map((_, offset) => {
        const index = offset + 1;
        const name = NAMES[index % 3] as HostName;
        return call<Run>(`${urlOf(name)}/runs`, { method: 'POST', body: SMALL_RUN, headers: auth(index) });
      }),
    );
    expect(submissions.filter((answer) => answer.status !== 202)).toEqual([]);
    for (const blocker of blockers) {
      await call(`${urlOf('lab-1')}/runs/${blocker.body.id}`, { method: 'DELETE', headers: auth(199) });
    }
    const ids = [
      ...answers.filter((answer) => answer.status === 202).map((answer) => answer.body.id),
      ...submissions.map((answer) => answer.body.id),
    ];
    const statuses = await until(
      () => statusesOf(ids),
      (found) => [...found.values()].every((run) => ended(run.status)),
      'every submitted run to end',
      180_000,
    );
    expect(statuses.size).toBe(202);
    expect([...statuses.values()].filter((run) => run.status !== 'completed')).toEqual([]);
    const perHost = new Map<string, number>();
    for (const run of statuses.values()) perHost.set(run.host ?? '?', (perHost.get(run.host ?? '?') ?? 0) + 1);
    console.log(`202 runs from 200 clients, ran on: ${[...perHost].map(([host, n]) => `${host} ${n}`).join(', ')}`);
    // Exactly once: one job per run, each spent and removed; nothing left to retry.
    const jobs = await database.query('select count(*)::int as n from graphile_worker.jobs');
    expect(jobs.rows[0].n).toBe(0);
  }, 240_000);

  it('survives a PostgreSQL restart while runs are queued: every run completes exactly once', async () => {
    // Every host busy first, so the nine runs are certainly queued while PostgreSQL restarts.
    const blockers = await Promise.all(
      NAMES.map((name) =>
        call<Run>(`${urlOf(name)}/runs`, { method: 'POST', body: { ...LONG_RUN, hosts: [name] }, headers: auth(40) }),
      ),
    );
    await until(
      () => statusesOf(blockers.map((blocker) => blocker.body.id)),
      (statuses) => [...statuses.values()].every((run) => run.status === 'running'),
      'the three long runs to start',
    );
    const submissions = [];
    for (let index = 0; index < 9; index++) {
      submissions.push(
        await call<Run>(`${urlOf(NAMES[index % 3] as HostName)}/runs`, {
          method: 'POST',
          body: { strategy: 'mutex', workers: 4, iterations: 200_000 },
          headers: auth(index),
        }),
      );
    }
    expect(submissions.map((answer) => answer.status)).toEqual(Array(9).fill(202));
    const queued = await statusesOf(submissions.map((answer) => answer.body.id));
    expect([...queued.values()].map((run) => run.status)).toEqual(Array(9).fill('queued'));
    await lab?.server.stop();
    await lab?.server.start();
    for (const [index, blocker] of blockers.entries()) {
      const cancelled = await call<Run>(`${urlOf(NAMES[index] as HostName)}/runs/${blocker.body.id}`, {
        method: 'DELETE',
        headers: auth(40),
      });
      expect(cancelled.body.status).toBe('cancelled');
    }
    const ids = submissions.map((answer) => answer.body.id);
    const statuses = await until(
      () => statusesOf(ids).catch(() => new Map<string, { status: string; host: string | null }>()),
      (found) => found.size === 9 && [...found.values()].every((run) => ended(run.status)),
      'the nine runs to end after the restart',
      180_000,
    );
    expect([...statuses.values()].map((run) => run.status)).toEqual(Array(9).fill('completed'));
    for (const id of ids) {
      const { body } = await call<Run>(`${urlOf('lab-1')}/runs/${id}`);
      expect(body.result?.summary.correct).toBe(true);
    }
    const hosts = await call<{ hosts: Array<{ name: string; state: string }> }>(`${urlOf('lab-1')}/hosts`);
    expect(hosts.body.hosts.map((host) => host.state)).not.toContain('lost');
  }, 240_000);

  it('ends a killed host’s run host_lost after its lease, leaves the others’ runs alone, and lets it rejoin', async () => {
    const doomed = await call<Run>(`${urlOf('lab-1')}/runs`, {
      method: 'POST',
      body: { ...LONG_RUN, hosts: ['lab-3'] },
      headers: auth(10),
    });
    const { done } = await followUntilRunning('lab-1', doomed.body.id);
    // Queued behind it, named for the same host: it must not wait forever either.
    const stranded = await call<Run>(`${urlOf('lab-1')}/runs`, {
      method: 'POST',
      body: { ...SMALL_RUN, hosts: ['lab-3'] },
      headers: auth(12),
    });
    expect(stranded.body.status).toBe('queued');
    const other = await call<Run>(`${urlOf('lab-2')}/runs`, {
      method: 'POST',
      body: { ...SMALL_RUN, hosts: ['lab-2'] },
      headers: auth(11),
    });
    const killedAt = Date.now();
    expect(await lab?.stopHost('lab-3', 'SIGKILL')).toBe('SIGKILL');
    const events = await done;
    const lostAfter = Date.now() - killedAt;
    const last = events.at(-1);
    expect(last?.event).toBe('error');
    expect(JSON.parse(last?.data ?? '{}')).toMatchObject({ error: { code: 'host_lost' } });
    console.log(`kill -9 of lab-3: its run ended host_lost ${lostAfter} ms later (lease ${LEASE_SECONDS} s)`);
    const stored = await call<Run>(`${urlOf('lab-2')}/runs/${doomed.body.id}`);
    expect(stored.body).toMatchObject({ status: 'failed', host: 'lab-3', error: { code: 'host_lost' } });
    const strandedEnd = await until(
      () => statusesOf([stranded.body.id]),
      (found) => ended(found.get(stranded.body.id)?.status ?? 'queued'),
      'the run queued for lab-3 to end',
    );
    expect(strandedEnd.get(stranded.body.id)).toMatchObject({ status: 'failed', host: 'lab-3' });
    // lab-1 submitted it and follows it: its answer catches up with the store as the news arrives.
    const strandedOnA = await until(
      () => call<Run>(`${urlOf('lab-1')}/runs/${stranded.body.id}`),
      (answer) => ended(answer.body.status),
      'lab-1 to see the stranded run end',
    );
    expect(strandedOnA.body.error?.code).toBe('host_lost');
    const untouched = await until(
      () => call<Run>(`${urlOf('lab-2')}/runs/${other.body.id}`),
      (answer) => ended(answer.body.status),
      'the run on lab-2 to end',
    );
    expect(untouched.body).toMatchObject({ status: 'completed', host: 'lab-2' });
    await startHost('lab-3');
    const hosts = await call<{ hosts: Array<{ name: string; state: string }> }>(`${urlOf('lab-1')}/hosts`);
    expect(hosts.body.hosts.filter((host) => host.name === 'lab-3')).toEqual([
      expect.objectContaining({ name: 'lab-3', state: 'idle' }),
    ]);
  }, 120_000);

  it('keeps a frozen host’s run host_lost when it wakes and finishes late; the host rejoins and runs again', async () => {
    // Its own host, with its log on (the woken host says once that its result was not kept).
    const frozen = await lab?.startHost({
      name: 'lab-5',
      address: '127.0.0.5',
      leaseSeconds: LEASE_SECONDS,
      extraArgs: ['--max-queued', '1000', '--run-timeout-ms', '600000'],
      env: { RACELAB_API_TOKEN: TOKENS.join(',') },
    });
    if (!frozen) throw new Error('no lab');
    // A client of the frozen host itself waits for the run's end (`?wait=true`).
    const waited = call<Run>(`${frozen.url}/runs?wait=true`, {
      method: 'POST',
      body: { ...LONG_RUN, hosts: ['lab-5'] },
      headers: auth(50),
    });
    const running = await until(
      async () =>
        (await database.query<{ id: string }>("select id from runs where host = 'lab-5' and status = 'running'")).rows,
      (rows) => rows.length === 1,
      'the long run to start on lab-5',
    );
    const id = running[0]?.id ?? '';
    const here = await followUntilRunning('lab-5', id);
    const elsewhere = await followUntilRunning('lab-1', id);
    const stoppedAt = Date.now();
    frozen.child.kill('SIGSTOP');
    try {
      const events = await elsewhere.done;
      console.log(
        `SIGSTOP of lab-5: its run ended host_lost ${Date.now() - stoppedAt} ms later (lease ${LEASE_SECONDS} s)`,
      );
      expect(JSON.parse(events.at(-1)?.data ?? '{}')).toMatchObject({ error: { code: 'host_lost' } });
      const lost = await statusesOf([id]);
      expect(lost.get(id)).toMatchObject({ status: 'failed', host: 'lab-5' });
    } finally {
      frozen.child.kill('SIGCONT');
    }
    // Awake: it finds its run ended elsewhere, stops it, and tells its own clients the stored end.
    const answer = await waited;
    expect(answer.status).toBe(200);
    expect(answer.body).toMatchObject({ id, status: 'failed', host: 'lab-5', error: { code: 'host_lost' } });
    const streamed = await here.done;
    expect(streamed.at(-1)?.event).toBe('error');
    expect(JSON.parse(streamed.at(-1)?.data ?? '{}')).toMatchObject({ error: { code: 'host_lost' } });
    const stored = await call<Run>(`${urlOf('lab-2')}/runs/${id}`);
    expect(stored.body).toMatchObject({ status: 'failed', host: 'lab-5', error: { code: 'host_lost' } });
    expect(stored.body.result).toBeUndefined();
    // Its log line travels on its stderr pipe, not with the HTTP answer: waited for, not assumed.
    const logged = await until(
      async () => frozen.stderr(),
      (text) => text.includes(`run ${id} had already ended elsewhere`),
      'the woken host to log that its result was not kept',
    );
    expect(logged.match(/had already ended elsewhere/g)).toHaveLength(1);
    expect(logged).toContain(`run ${id} had already ended elsewhere (failed: host_lost)`);
    // It rejoins under its name (one entry) and takes new runs.
    const hosts = await until(
      () => call<{ hosts: Array<{ name: string; state: string }> }>(`${urlOf('lab-1')}/hosts`),
      (found) => found.body.hosts.some((host) => host.name === 'lab-5' && host.state === 'idle'),
      'lab-5 to be idle again',
    );
    expect(hosts.body.hosts.filter((host) => host.name === 'lab-5')).toHaveLength(1);
    const next = await call<Run>(`${urlOf('lab-1')}/runs?wait=true`, {
      method: 'POST',
      body: { ...SMALL_RUN, hosts: ['lab-5'] },
      headers: auth(51),
    });
    expect(next.body).toMatchObject({ status: 'completed', host: 'lab-5' });
    expect(await lab?.stopHost('lab-5', 'SIGTERM')).toBe(0);
  }, 120_000);

  it('a host restarting before its lease ran out marks the run it was running interrupted', async () => {
    // Its own long lease: the restart must land inside it however slowly this machine starts a process.
    const slow = await lab?.startHost({
      name: 'lab-4',
      address: '127.0.0.4',
      leaseSeconds: 600,
      extraArgs: ['--quiet', '--run-timeout-ms', '600000'],
      env: { RACELAB_API_TOKEN: TOKENS.join(',') },
    });
    if (!slow) throw new Error('no lab');
    const doomed = await call<Run>(`${slow.url}/runs`, {
      method: 'POST',
      body: { ...LONG_RUN, hosts: ['lab-4'] },
      headers: auth(30),
    });
    const { done } = await followUntilRunning('lab-2', doomed.body.id);
    expect(await lab?.stopHost('lab-4', 'SIGKILL')).toBe('SIGKILL');
    await lab?.startHost({ name: 'lab-4', address: '127.0.0.4', leaseSeconds: 600, extraArgs: ['--quiet'] });
    const events = await done;
    expect(JSON.parse(events.at(-1)?.data ?? '{}')).toMatchObject({ error: { code: 'interrupted' } });
    expect((await call<Run>(`${urlOf('lab-1')}/runs/${doomed.body.id}`)).body).toMatchObject({
      status: 'failed',
      host: 'lab-4',
      error: { code: 'interrupted' },
    });
    await lab?.stopHost('lab-4', 'SIGTERM');
  }, 120_000);

  it('on SIGTERM cancels the host’s running run and leaves runs for any host to the others', async () => {
    const blockers = await Promise.all(
      NAMES.map((name) =>
        call<Run>(`${urlOf(name)}/runs`, { method: 'POST', body: { ...LONG_RUN, hosts: [name] }, headers: auth(20) }),
      ),
    );
    await until(
      () => statusesOf(blockers.map((blocker) => blocker.body.id)),
      (statuses) => [...statuses.values()].every((run) => run.status === 'running'),
      'the three long runs to start',
    );
    const waiting = await call<Run>(`${urlOf('lab-1')}/runs`, { method: 'POST', body: SMALL_RUN, headers: auth(21) });
    expect(waiting.body.status).toBe('queued');
    expect(await lab?.stopHost('lab-1', 'SIGTERM')).toBe(0);
    const first = await statusesOf([blockers[0]?.body.id ?? '', waiting.body.id]);
    expect(first.get(blockers[0]?.body.id ?? '')?.status).toBe('cancelled');
    expect(first.get(waiting.body.id)?.status).toBe('queued');
    for (const blocker of blockers.slice(1)) {
      await call(`${urlOf('lab-2')}/runs/${blocker.body.id}`, { method: 'DELETE', headers: auth(20) });
    }
    const after = await until(
      () => statusesOf([waiting.body.id]),
      (found) => ended(found.get(waiting.body.id)?.status ?? 'queued'),
      'the waiting run to run elsewhere',
    );
    expect(after.get(waiting.body.id)).toMatchObject({ status: 'completed' });
    expect(['lab-2', 'lab-3']).toContain(after.get(waiting.body.id)?.host);
  }, 120_000);
});
