/**
 * Test support: a bounded load (or soak) on a server of its own on 127.0.0.1. Runs execute back to
 * back while `sseClients` event streams follow them and `getLoops` loops read every GET route, until
 * `durationMs` has passed or `runs` runs have ended. A warm-up with the same traffic fills the run
 * history first; the resources measured idle after it (heap after GC, timers, threads, listeners,
 * connections) must not have grown at the end. The server runs in this process so that its memory
 * can be read after a forced GC; the harness itself therefore keeps O(1) memory (tallies, a bounded
 * latency sample), and the latencies include the client side.
 */
import { Agent, get } from 'node:http';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { isSynchronized, type Strategy } from '@racelab/schema';
import { RunSchema } from '../../src/api-schemas.js';
import { type RunningServer, startServer } from '../../src/server.js';
import {
  activeTimers,
  findFailures,
  type LoadReport,
  type MemoryFigures,
  memoryNow,
  type ResourceFigures,
  type StrategyTally,
} from './load-report.js';
import { readSse, waitUntil } from './test-app.js';

export interface LoadOptions {
  /** Stop after this long (plus the run in flight)… */
  durationMs?: number;
  /** …or after this many runs, whichever comes first. */
  runs?: number;
  sseClients: number;
  getLoops: number;
  /** Each run: `workers` threads × `iterations`, one trial, the four strategies in turn. */
  workers?: number;
  iterations?: number;
  /** Finished runs the server keeps. Default 100 (the server's default). */
  history?: number;
  /**
   * Runs of the warm-up, with the same traffic, before the start is measured: enough to fill the
   * history and let the engine settle (optimized code, inline caches, pools), so that what grows
   * after it is what keeps growing. Default: the history plus ten, or a tenth of `runs` if more.
   */
  warmupRuns?: number;
  /** Where the server keeps runs (`--database`): default `none`, memory only. */
  database?: string;
}

const STRATEGY_CYCLE: Strategy[] = ['mutex', 'atomic', 'spinlock', 'none'];
const LATENCY_SAMPLES = 20_000;

/** The engine's own GC, reached without --expose-gc on the command line. */
function collectGarbage(): () => void {
  const exposed = (globalThis as { gc?: () => void }).gc;
  if (exposed) return exposed;
  setFlagsFromString('--expose-gc');
  return runInNewContext('gc') as () => void;
}

async function idleResources(gc: () => void, server: RunningServer): Promise<ResourceFigures> {
  for (let round = 0; round < 3; round++) {
    gc();
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return {
    heapUsedMb: memoryNow().heapUsedMb,
    timers: activeTimers(),
    threads: server.queue.runner.threads,
    runListeners: server.queue.list().reduce((sum, record) => sum + record.listenerCount, 0),
    connections: server.connections ?? 0,
  };
}

export async function runLoad(options: LoadOptions): Promise<LoadReport> {
  const workers = options.workers ?? 4;
  const iterations = options.iterations ?? 200_000;
  const history = options.history ?? 100;
  const gc = collectGarbage();
  // Every client here is 127.0.0.1: lift the per-client caps well above what the load opens (fetch
  // may open a new socket while an idle one lingers in its pool).
  const perClient = 2 * (options.sseClients + options.getLoops) + 64;
  const server = await startServer({
    port: 0,
    log: false,
    database: options.database ?? 'none',
    limits: {
      maxHistory: history,
      maxStreamsPerClient: perClient,
      maxConnectionsPerClient: perClient,
      maxConnections: perClient,
      // Idle keep-alive sockets close soon, so that "idle" below comes quickly. Not under 1 s: Node
      // would advertise Keep-Alive: timeout=0, and fetch would reuse sockets the server is closing.
      keepAliveTimeoutMs: 1_000,
    },
  });
  const { url } = server;
  const errorSamples: string[] = [];
  const counts = { requests: 0, errors: 0, non2xx: 0, sseOpened: 0, sseCompleted: 0 };
  const latencies = new Float64Array(LATENCY_SAMPLES);
  let latencyCount = 0;
  let slowest = { ms: 0, path: '', atMs: 0 };
  let loadStartedAt = 0;
  const tallies: Record<string, StrategyTally> = {};
  const wrongRuns: string[] = [];
  let measuring = false;
  const fail = (message: string) => {
    counts.errors++;
    if (errorSamples.length < 5) errorSamples.push(message);
  };

  // Their own keep-alive sockets: on fetch's shared pool a GET can queue behind an open event stream.
  const getAgent = new Agent({ keepAlive: true, maxSockets: Math.max(1, options.getLoops) });
  function recordLatency(ms: number, path: string, startedAt: number): void {
    // Reservoir sampling: a fair sample of every latency in bounded memory.
    const slot = latencyCount < LATENCY_SAMPLES ? latencyCount : Math.floor(Math.random() * (latencyCount + 1));
    if (slot < LATENCY_SAMPLES) latencies[slot] = ms;
    latencyCount++;
    if (ms > slowest.ms) slowest = { ms, path, atMs: startedAt - loadStartedAt };
  }

  /** One phase of traffic: the driver runs `runs` runs or until `deadline`, the clients follow. */
  async function phase(runLimit: number, deadline: number): Promise<void> {
    let currentRun: string | undefined;
    let stopping = false;
    let announce = makeDeferred();
    const publish = (id: string) => {
      currentRun = id;
      announce.resolve();
      announce = makeDeferred();
    };

    async function timedGet(path: string): Promise<void> {
      const startedAt = performance.now();
      counts.requests++;
      try {
        const response = await httpGet(`${url}${path}`, getAgent);
        if (measuring) recordLatency(performance.now() - startedAt, path, startedAt);
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

    async function runDriver(): Promise<void> {
      for (let index = 0; index < runLimit && performance.now() < deadline; index++) {
        const strategy = STRATEGY_CYCLE[index % STRATEGY_CYCLE.length]!;
        counts.requests++;
        const submitted = await fetch(`${url}/runs`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ strategy, workers, iterations, trials: 1 }),
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
        if (measuring) tally(ended, strategy, workers * iterations);
      }
    }

    const sse = Array.from({ length: options.sseClients }, () => sseClient());
    const gets = Array.from({ length: options.getLoops }, () => getLoop());
    await runDriver();
    stopping = true;
    announce.resolve();
    await Promise.all([...sse, ...gets]);
  }

  function tally(run: ReturnType<typeof RunSchema.parse>, strategy: Strategy, expected: number): void {
    const entry = tallies[strategy] ?? { runs: 0, exact: 0, wrong: 0 };
    tallies[strategy] = entry;
    entry.runs++;
    const actuals = run.result?.trials.map((trial) => trial.actual) ?? [];
    if (actuals.length === 1 && actuals[0] === expected) entry.exact++;
    let problem: string | undefined;
    if (run.status !== 'completed') problem = `ended ${run.status} (${run.error?.code})`;
    else if (actuals.length !== 1) problem = `${actuals.length} trials instead of 1`;
    else if (isSynchronized(strategy) && actuals[0] !== expected)
      problem = `counted ${actuals[0]} instead of ${expected}`;
    else if ((actuals[0] ?? 0) > expected) problem = `counted ${actuals[0]}: more than the ${expected} increments made`;
    if (problem) {
      entry.wrong++;
      if (wrongRuns.length < 5) wrongRuns.push(`run ${run.id} (${strategy}): ${problem}`);
    }
  }

  /** Idle means: no busy thread, and only the connections the GET agent keeps alive. */
  const settle = async () => {
    getAgent.destroy();
    await waitUntil(() => server.queue.runner.idleThreads === server.queue.runner.threads, 10_000);
    // fetch's pooled sockets close by themselves after a few seconds; the server's side follows.
    await waitUntil(() => (server.connections ?? 0) === 0, 5_000).catch(() => {});
  };

  const warmupRuns = options.warmupRuns ?? Math.max(history + 10, Math.floor((options.runs ?? 0) / 10));
  await phase(warmupRuns, Number.POSITIVE_INFINITY);
  await settle();
  const before = await idleResources(gc, server);
  const rssBeforeMb = memoryNow().rssMb;
  let peak: MemoryFigures = memoryNow();
  const sampler = setInterval(() => {
    const now = memoryNow();
    peak = { rssMb: Math.max(peak.rssMb, now.rssMb), heapUsedMb: Math.max(peak.heapUsedMb, now.heapUsedMb) };
  }, 100);

  measuring = true;
  const startedAt = performance.now();
  loadStartedAt = startedAt;
  await phase(options.runs ?? Number.POSITIVE_INFINITY, startedAt + (options.durationMs ?? Number.POSITIVE_INFINITY));
  const durationMs = performance.now() - startedAt;
  measuring = false;
  clearInterval(sampler);
  const busyThreads = server.queue.runner.threads - server.queue.runner.idleThreads;
  await settle();
  const after = await idleResources(gc, server);
  const rssAfterMb = memoryNow().rssMb;
  await server.close();

  const sorted = latencies.slice(0, Math.min(latencyCount, LATENCY_SAMPLES)).sort();
  const at = (fraction: number) => sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * fraction))] ?? 0;
  const report = {
    durationMs,
    sseClients: options.sseClients,
    getLoops: options.getLoops,
    requests: counts.requests + counts.sseOpened,
    errors: counts.errors,
    non2xx: counts.non2xx,
    latencyMs: { p50: at(0.5), p99: at(0.99), max: slowest.ms },
    slowest: { path: slowest.path, atSeconds: slowest.atMs / 1000 },
    sse: { opened: counts.sseOpened, completed: counts.sseCompleted },
    runs: tallies,
    wrongRuns,
    memory: { peak, rssBeforeMb, rssAfterMb },
    before,
    after,
    busyThreads,
    errorSamples,
  };
  return { ...report, failures: findFailures(report) };
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
