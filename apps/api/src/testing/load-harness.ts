/**
 * Test support: a bounded load on a server of its own on 127.0.0.1. Runs execute back to back
 * while `sseClients` event streams follow them and `getLoops` loops read every GET route; it
 * stops by itself after `durationMs` (plus the run in flight). The server runs in this process so
 * that its memory can be read after a forced GC; the latencies therefore include the client side.
 */
import { Agent, get } from 'node:http';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { isSynchronized, type Strategy } from '@racelab/schema';
import { RunSchema } from '../api-schemas.js';
import { startServer } from '../server.js';
import {
  findFailures,
  type LoadReport,
  type MemoryFigures,
  memoryNow,
  percentile,
  type RunCheck,
} from './load-report.js';
import { readSse } from './test-app.js';

export interface LoadOptions {
  durationMs: number;
  sseClients: number;
  getLoops: number;
  /** Increments per worker of each run; 4 workers, one trial, the four strategies in turn. */
  iterations?: number;
}

const STRATEGY_CYCLE: Strategy[] = ['mutex', 'atomic', 'spinlock', 'none'];
const WORKERS = 4;

/** The engine's own GC, reached without --expose-gc on the command line. */
function collectGarbage(): () => void {
  const exposed = (globalThis as { gc?: () => void }).gc;
  if (exposed) return exposed;
  setFlagsFromString('--expose-gc');
  return runInNewContext('gc') as () => void;
}

async function settledMemory(gc: () => void): Promise<MemoryFigures> {
  for (let round = 0; round < 3; round++) {
    gc();
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return memoryNow();
}

export async function runLoad(options: LoadOptions): Promise<LoadReport> {
  const iterations = options.iterations ?? 200_000;
  const gc = collectGarbage();
  // Every client here is 127.0.0.1: lift the per-client caps above what the load opens.
  const perClient = options.sseClients + options.getLoops + 16;
  const server = await startServer({
    port: 0,
    log: false,
    limits: {
      maxHistory: 100,
      maxStreamsPerClient: perClient,
      maxConnectionsPerClient: perClient,
      maxConnections: perClient,
    },
  });
  const { url } = server;
  const errorSamples: string[] = [];
  const counts = { requests: 0, errors: 0, non2xx: 0, sseOpened: 0, sseCompleted: 0 };
  const latencies: number[] = [];
  let slowest = { ms: 0, path: '', atMs: 0 };
  let loadStartedAt = 0;
  const runs: RunCheck[] = [];
  const fail = (message: string) => {
    counts.errors++;
    if (errorSamples.length < 5) errorSamples.push(message);
  };

  // The run the SSE clients should follow next; they wait on `announce` for a newer one.
  let currentRun: string | undefined;
  let stopping = false;
  let announce = makeDeferred();
  const publish = (id: string | undefined) => {
    currentRun = id;
    announce.resolve();
    announce = makeDeferred();
  };

  // Their own keep-alive sockets: on fetch's shared pool a GET can queue behind an open event stream.
  const getAgent = new Agent({ keepAlive: true, maxSockets: Math.max(1, options.getLoops) });
  async function timedGet(path: string): Promise<void> {
    const startedAt = performance.now();
    counts.requests++;
    try {
      const response = await httpGet(`${url}${path}`, getAgent);
      const ms = performance.now() - startedAt;
      latencies.push(ms);
      if (ms > slowest.ms) slowest = { ms, path, atMs: startedAt - loadStartedAt };
      if (response.status >= 500) fail(`GET ${path} answered ${response.status}`);
      else if (response.status < 200 || response.status > 299) counts.non2xx++;
    } catch (error) {
      fail(`GET ${path}: ${String(error)}`);
    }
  }

  async function getLoop(): Promise<void> {
    while (!stopping) {
      await timedGet('/health');
      await timedGet('/runs?limit=20');
      if (currentRun) await timedGet(`/runs/${currentRun}`);
      await timedGet('/strategies');
    }
  }

  async function sseClient(): Promise<void> {
    let followed: string | undefined;
    for (;;) {
      while (currentRun === followed && !stopping) await announce.promise;
      if (currentRun === followed || currentRun === undefined) return;
      followed = currentRun;
      counts.sseOpened++;
      try {
        const response = await fetch(`${url}/runs/${followed}/events`);
        if (response.status !== 200) {
          fail(`GET /runs/${followed}/events answered ${response.status}`);
          await response.body?.cancel();
          continue;
        }
        let last = '';
        for await (const event of readSse(response.body!)) last = event.event;
        if (last === 'result') counts.sseCompleted++;
        else fail(`an event stream ended with "${last}" instead of "result"`);
      } catch (error) {
        fail(`event stream: ${String((error as Error).cause ?? error)}`);
      }
    }
  }

  async function runDriver(deadline: number): Promise<void> {
    for (let index = 0; performance.now() < deadline; index++) {
      const strategy = STRATEGY_CYCLE[index % STRATEGY_CYCLE.length]!;
      const config = { strategy, workers: WORKERS, iterations, trials: 1 };
      counts.requests++;
      const submitted = await fetch(`${url}/runs`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(config),
      }).catch((error: Error) => error);
      if (submitted instanceof Error || submitted.status !== 202) {
        fail(`POST /runs: ${submitted instanceof Error ? submitted.message : submitted.status}`);
        continue;
      }
      const { id } = RunSchema.parse(await submitted.json());
      publish(id);
      await server.queue.get(id).whenEnded;
      counts.requests++;
      const ended = RunSchema.parse(await (await fetch(`${url}/runs/${id}`)).json());
      runs.push(checkRun(ended, strategy, WORKERS * iterations));
    }
  }

  await server.queue.runner.warm(WORKERS);
  const before = await settledMemory(gc);
  let peak = before;
  const sampler = setInterval(() => {
    const now = memoryNow();
    peak = { rssMb: Math.max(peak.rssMb, now.rssMb), heapUsedMb: Math.max(peak.heapUsedMb, now.heapUsedMb) };
  }, 100);

  const startedAt = performance.now();
  loadStartedAt = startedAt;
  const sse = Array.from({ length: options.sseClients }, () => sseClient());
  const gets = Array.from({ length: options.getLoops }, () => getLoop());
  await runDriver(startedAt + options.durationMs);
  stopping = true;
  announce.resolve();
  await Promise.all([...sse, ...gets]);
  const durationMs = performance.now() - startedAt;
  clearInterval(sampler);

  const leftover = {
    listeners: server.queue.list().reduce((sum, record) => sum + record.listenerCount, 0),
    busyThreads: server.queue.runner.threads - server.queue.runner.idleThreads,
  };
  getAgent.destroy();
  const after = await settledMemory(gc);
  await server.close();

  const sorted = Float64Array.from(latencies).sort();
  const report = {
    durationMs,
    sseClients: options.sseClients,
    getLoops: options.getLoops,
    requests: counts.requests + counts.sseOpened,
    errors: counts.errors,
    non2xx: counts.non2xx,
    latencyMs: { p50: percentile(sorted, 0.5), p99: percentile(sorted, 0.99), max: sorted.at(-1) ?? 0 },
    slowest: { path: slowest.path, atSeconds: slowest.atMs / 1000 },
    sse: { opened: counts.sseOpened, completed: counts.sseCompleted },
    runs,
    memory: { before, peak, after },
    leftover,
    errorSamples,
  };
  return { ...report, failures: findFailures(report) };
}

function checkRun(run: ReturnType<typeof RunSchema.parse>, strategy: Strategy, expected: number): RunCheck {
  const actuals = run.result?.trials.map((trial) => trial.actual) ?? [];
  const check: RunCheck = { id: run.id, strategy, status: run.status, expected, actuals };
  if (run.status !== 'completed') return { ...check, problem: `ended ${run.status} (${run.error?.code})` };
  if (actuals.length !== 1) return { ...check, problem: `${actuals.length} trials instead of 1` };
  if (isSynchronized(strategy) && actuals.some((actual) => actual !== expected)) {
    return { ...check, problem: `counted ${actuals.join(', ')} instead of ${expected}` };
  }
  if (actuals.some((actual) => actual > expected)) {
    return { ...check, problem: `counted ${actuals.join(', ')}: more than the ${expected} increments made` };
  }
  return check;
}

/** A GET read to its end: the status is all the load checks. */
function httpGet(url: string, agent: Agent): Promise<{ status: number }> {
  return new Promise((resolve, reject) => {
    get(url, { agent }, (response) => {
      response.on('error', reject);
      response.on('end', () => resolve({ status: response.statusCode ?? 0 }));
      response.resume();
    }).on('error', reject);
  });
}

// Not Promise.withResolvers: that arrived in Node 22 and racelab supports Node 20.
function makeDeferred(): { promise: Promise<void>; resolve: () => void } {
  let resolve!: () => void;
  const promise = new Promise<void>((done) => {
    resolve = done;
  });
  return { promise, resolve };
}
