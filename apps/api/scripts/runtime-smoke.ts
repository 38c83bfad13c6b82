/**
 * `node --import tsx scripts/runtime-smoke.ts <bun|deno|node> <binary>`: starts the built
 * `racelab-api` (dist/cli.js) on that runtime, on 127.0.0.1, and checks what a user would first try:
 * /health, an exact mutex run with ?wait=true, a live event stream to its result, a cancel, and a
 * clean exit on SIGTERM. Exits 1 on the first failed check, 2 on bad arguments; bounded to 120 s.
 *
 * Nothing here depends on how fast the machine is: the long runs are 4 × 10^10 spinlock increments
 * (hours on any machine; see LONG_RUN in test/support/test-app.ts) and are cancelled by the script
 * once they are seen running, and the shutdown is judged by its exit code (0 only within the
 * server's own deadline).
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ExperimentResultSchema } from '@racelab/schema';
import { RunListSchema, RunSchema } from '../src/api-schemas.js';
import { isRuntimeName, runtimeCommand } from '../test/support/runtimes.js';
import { LONG_RUN, LONG_RUN_LIMITS, readSse, type SseEvent } from '../test/support/test-app.js';

const CLI = fileURLToPath(new URL('../dist/cli.js', import.meta.url));
const SILENT_MS = Number(process.env.SMOKE_SILENT_MS || 6000);

const [runtime = '', binary = ''] = process.argv.slice(2).filter((arg) => arg !== '--');
if (!isRuntimeName(runtime) || !binary) {
  process.stderr.write('usage: runtime-smoke.ts <node|bun|deno> <path to its binary>\n');
  process.exit(2);
}

const deadline = setTimeout(() => fail('the smoke test took over 120 s'), 120_000);
let child: ChildProcess | undefined;

function fail(message: string): never {
  process.stderr.write(`FAIL (${runtime}): ${message}\n`);
  child?.kill('SIGKILL');
  process.exit(1);
}

function check(condition: unknown, message: string): asserts condition {
  if (!condition) fail(message);
  process.stdout.write(`  ok  ${message}\n`);
}

async function post(url: string, body: unknown): Promise<Response> {
  return fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
}

// Runs go to a throwaway SQLite notebook (the store on this runtime too), never the user's own.
const notebook = mkdtempSync(join(tmpdir(), 'racelab-smoke-'));
process.on('exit', () => rmSync(notebook, { recursive: true, force: true }));

// A 1 s headers timeout (on Bun: a 1 s idle timeout, checked every few seconds), for the silent-stream
// check below; a ceiling that admits LONG_RUN, and no time limit on runs: the script cancels its own.
child = spawn(
  ...runtimeCommand({ name: runtime, binary }, CLI, [
    '--port',
    '0',
    '--quiet',
    '--database',
    join(notebook, 'runs.db'),
    '--headers-timeout-ms',
    '1000',
    '--max-increments',
    String(LONG_RUN_LIMITS.maxTotalIncrements),
    '--max-queued-per-client',
    '1',
    '--trust-proxy',
    'loopback',
    '--run-timeout-ms',
    String(2 ** 31 - 1),
  ]),
  {
    env: { ...process.env, HOST: '', RACELAB_API_TOKEN: '' },
    stdio: ['ignore', 'inherit', 'pipe'],
  },
);
let stderr = '';
const exitedEarly = (code: number | null) => fail(`exited early with code ${code}: ${stderr}`);
const url = await new Promise<string>((resolve) => {
  child?.stderr?.setEncoding('utf8').on('data', (chunk: string) => {
    stderr += chunk;
    const match = /listening on (http:\/\/127\.0\.0\.1:\d+) \((\w+);/.exec(stderr);
    if (match?.[1]) {
      if (match[2] !== runtime) fail(`the server says it runs on ${match[2]}`);
      resolve(match[1]);
    }
  });
  child?.once('exit', exitedEarly);
});
console.log(`racelab-api on ${runtime} (${binary}) at ${url}`);

const health = await fetch(`${url}/health`);
check(
  health.status === 200 && ((await health.json()) as { status?: string }).status === 'ok',
  'GET /health answers 200 ok',
);

const waited = RunSchema.parse(
  await (await post(`${url}/runs?wait=true`, { strategy: 'mutex', workers: 4, iterations: 100_000 })).json(),
);
check(
  waited.status === 'completed' && waited.result?.trials[0]?.actual === 400_000,
  `POST /runs?wait=true mutex 4 × 100,000 counts exactly 400,000 (got ${waited.result?.trials[0]?.actual})`,
);

const listed = RunListSchema.parse(await (await fetch(`${url}/runs?limit=1&source=api`)).json());
check(
  listed.runs[0]?.id === waited.id && listed.runs[0]?.result?.trials[0]?.actual === 400_000,
  'GET /runs reads that run back from the SQLite notebook, with its result',
);

const streamed = RunSchema.parse(
  await (await post(`${url}/runs`, { strategy: 'mutex', workers: 4, iterations: 250_000, trials: 2 })).json(),
);
const names: string[] = [];
let last = '';
for await (const event of readSse((await fetch(`${url}/runs/${streamed.id}/events`)).body!)) {
  names.push(event.event);
  last = event.data;
}
const result = ExperimentResultSchema.parse(JSON.parse(last));
check(
  names[0] === 'run' && names.at(-1) === 'result' && names.includes('progress'),
  `GET /runs/{id}/events streams run, progress (${names.filter((name) => name === 'progress').length}), result`,
);
check(
  result.summary.correct && result.trials.every((trial) => trial.actual === 1_000_000),
  'the streamed result is exact in both trials',
);

/** Submits LONG_RUN and resolves once its first progress event shows it running. */
async function startLongRun(): Promise<string> {
  const { id } = RunSchema.parse(await (await post(`${url}/runs`, LONG_RUN)).json());
  const events = readSse((await fetch(`${url}/runs/${id}/events`)).body!);
  for await (const event of events) if (event.event === 'progress') break;
  await events.return(undefined);
  return id;
}

async function cancel(id: string) {
  return RunSchema.parse(await (await fetch(`${url}/runs/${id}`, { method: 'DELETE' })).json());
}

const long = await startLongRun();
const cancelled = await cancel(long);
check(
  cancelled.status === 'cancelled' && cancelled.result?.status === 'cancelled',
  'DELETE /runs/{id} cancels a running run',
);

// A stream that says nothing for longer than the idle timeout: a run queued behind one that runs
// until this script cancels it.
const blocker = await startLongRun();
const queued = RunSchema.parse(
  await (await post(`${url}/runs`, { strategy: 'atomic', workers: 2, iterations: 1_000 })).json(),
);
// Per-client limits through a trusted proxy (this script, on loopback): the runtime's adapter must
// know the peer's address for the forwarded one to count.
const forwardedFor = async (client: string) =>
  (
    await fetch(`${url}/runs`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-forwarded-for': `198.51.100.1, ${client}` },
      body: JSON.stringify({ strategy: 'atomic', workers: 1, iterations: 1 }),
    })
  ).status;
const statuses = [
  await forwardedFor('203.0.113.1'),
  await forwardedFor('203.0.113.1'),
  await forwardedFor('2001:db8::2'),
];
check(
  statuses.join() === '202,429,202',
  `through a trusted proxy each forwarded client has its own queue share (${statuses.join(', ')})`,
);

const silent: string[] = [];
try {
  const stream = readSse((await fetch(`${url}/runs/${queued.id}/events`)).body!);
  silent.push(((await stream.next()).value as SseEvent).event);
  const next = stream.next();
  const quiet = new Promise<'quiet'>((resolve) => setTimeout(() => resolve('quiet'), SILENT_MS));
  const first = await Promise.race([next, quiet]);
  if (first !== 'quiet') fail(`the silent event stream did not stay silent: ${JSON.stringify(first)}`);
  const stopped = await cancel(blocker);
  check(stopped.status === 'cancelled', `the blocking run was still running after ${SILENT_MS / 1000} s, and cancels`);
  const after = await next;
  if (!after.done) silent.push(after.value.event);
  for await (const event of stream) silent.push(event.event);
} catch (error) {
  fail(`the silent event stream broke after ${silent.join(', ')}: ${String(error)}`);
}
check(
  silent[0] === 'run' && silent.at(-1) === 'result',
  `an event stream silent for ${SILENT_MS / 1000} s outlives the 1 s idle/headers timeout (${silent.join(', ')})`,
);
check(
  RunSchema.parse(await (await fetch(`${url}/runs/${queued.id}`)).json()).status === 'completed',
  'the queued run ran once the blocking one was cancelled',
);

const signalledAt = performance.now();
child.off('exit', exitedEarly);
child.kill('SIGTERM');
const [code] = await once(child, 'exit');
const exitMs = performance.now() - signalledAt;
// 0 only if the shutdown ended within the server's own 1.5 s deadline (past it the server exits 1).
check(code === 0, `SIGTERM: exit code ${code} after ${exitMs.toFixed(0)} ms`);
clearTimeout(deadline);
console.log(`PASS (${runtime})`);
