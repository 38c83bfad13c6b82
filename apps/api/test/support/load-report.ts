/** Test support: what a load (or soak) run measured, the checks it must pass, and how it prints. */

export interface MemoryFigures {
  rssMb: number;
  heapUsedMb: number;
}

/** What must not grow while a server runs for weeks: sampled idle, after a GC, at start and at end. */
export interface ResourceFigures {
  heapUsedMb: number;
  /** Active `setTimeout`/`setInterval` timers of the process. */
  timers: number;
  /** Worker threads alive. */
  threads: number;
  /** Clients still following a run. */
  runListeners: number;
  /** Connections the server holds open. */
  connections: number;
}

/** Runs of one strategy: how many, how many counted exactly, and the first wrong ones. */
export interface StrategyTally {
  runs: number;
  exact: number;
  wrong: number;
}

export interface LoadReport {
  durationMs: number;
  sseClients: number;
  getLoops: number;
  requests: number;
  /** Network failures, 5xx, and answers that broke the contract. */
  errors: number;
  non2xx: number;
  latencyMs: { p50: number; p99: number; max: number };
  /** The GET that took `latencyMs.max`, and when it started (seconds into the load). */
  slowest: { path: string; atSeconds: number };
  sse: { opened: number; completed: number };
  /** Runs measured (after the warm-up), per strategy. */
  runs: Record<string, StrategyTally>;
  /** Up to five runs whose result was wrong, one line each. */
  wrongRuns: string[];
  memory: { peak: MemoryFigures; rssBeforeMb: number; rssAfterMb: number };
  /** Idle, after a GC: once the warm-up filled the history, and once the load has stopped. */
  before: ResourceFigures;
  after: ResourceFigures;
  /** Worker threads still busy once the load has stopped. */
  busyThreads: number;
  /** Every failed check, one line each; empty when the load held. */
  failures: string[];
  /** The first few error messages, to start debugging from. */
  errorSamples: string[];
}

/** How far heapUsed may end above its start (after the warm-up, after a GC) before we call it a leak. */
export const HEAP_GROWTH_LIMIT = 0.1;

export function memoryNow(): MemoryFigures {
  const { rss, heapUsed } = process.memoryUsage();
  return { rssMb: rss / 2 ** 20, heapUsedMb: heapUsed / 2 ** 20 };
}

export function activeTimers(): number {
  return process.getActiveResourcesInfo().filter((resource) => resource === 'Timeout').length;
}

export function findFailures(report: Omit<LoadReport, 'failures'>): string[] {
  const failures: string[] = [];
  const runs = Object.values(report.runs).reduce((sum, tally) => sum + tally.runs, 0);
  if (report.errors > 0) failures.push(`${report.errors} errors (first: ${report.errorSamples[0] ?? '?'})`);
  if (report.non2xx > 0) failures.push(`${report.non2xx} answers were not 2xx`);
  if (report.requests === 0) failures.push('no request was sent');
  if (runs === 0) failures.push('no run completed');
  for (const wrong of report.wrongRuns) failures.push(wrong);
  if (report.sse.completed !== report.sse.opened) {
    failures.push(
      `${report.sse.opened - report.sse.completed} of ${report.sse.opened} event streams did not end with a result`,
    );
  }
  if (report.sse.opened < report.sseClients) failures.push(`only ${report.sse.opened} event streams opened`);
  if (report.busyThreads > 0) failures.push(`${report.busyThreads} worker threads still busy`);
  const { before, after } = report;
  const growth = after.heapUsedMb / before.heapUsedMb - 1;
  if (growth > HEAP_GROWTH_LIMIT) {
    failures.push(
      `heapUsed after GC grew ${(growth * 100).toFixed(1)} % (${before.heapUsedMb.toFixed(1)} → ${after.heapUsedMb.toFixed(1)} MB; limit ${HEAP_GROWTH_LIMIT * 100} %): a leak?`,
    );
  }
  for (const key of ['timers', 'threads', 'runListeners', 'connections'] as const) {
    if (after[key] > before[key]) failures.push(`${key} grew from ${before[key]} to ${after[key]}`);
  }
  return failures;
}

const resources = (figures: ResourceFigures) =>
  `heapUsed ${figures.heapUsedMb.toFixed(1)} MB, ${figures.timers} timers, ${figures.threads} threads, ${figures.runListeners} run listeners, ${figures.connections} connections`;

export function formatLoadReport(report: LoadReport): string {
  const seconds = report.durationMs / 1000;
  const total = Object.values(report.runs).reduce((sum, tally) => sum + tally.runs, 0);
  const runLines = Object.entries(report.runs).map(
    ([strategy, tally]) => `    ${strategy.padEnd(9)} ${tally.runs} runs, ${tally.exact} exact, ${tally.wrong} wrong`,
  );
  const growth = (report.after.heapUsedMb / report.before.heapUsedMb - 1) * 100;
  return [
    `racelab API load test: ${seconds.toFixed(1)} s on 127.0.0.1, ${report.sseClients} SSE clients, ${report.getLoops} GET loops`,
    `  requests    ${report.requests} (${(report.requests / seconds).toFixed(0)}/s), errors ${report.errors}, non-2xx ${report.non2xx}`,
    `  latency     p50 ${report.latencyMs.p50.toFixed(2)} ms, p99 ${report.latencyMs.p99.toFixed(2)} ms, max ${report.latencyMs.max.toFixed(2)} ms (${report.slowest.path} at ${report.slowest.atSeconds.toFixed(1)} s)`,
    `  SSE streams ${report.sse.opened} opened, ${report.sse.completed} completed`,
    `  runs        ${total} back to back (${(total / seconds).toFixed(0)}/s)`,
    ...runLines,
    `  memory      rss ${report.memory.rssBeforeMb.toFixed(1)} MB → peak ${report.memory.peak.rssMb.toFixed(1)} MB → ${report.memory.rssAfterMb.toFixed(1)} MB; heapUsed peak ${report.memory.peak.heapUsedMb.toFixed(1)} MB`,
    `  start       ${resources(report.before)} (idle, after GC, history full)`,
    `  end         ${resources(report.after)} (idle, after GC): heap ${growth >= 0 ? '+' : ''}${growth.toFixed(1)} %`,
    `  leftover    ${report.busyThreads} busy threads`,
    report.failures.length === 0 ? 'PASS' : `FAIL\n${report.failures.map((failure) => `  - ${failure}`).join('\n')}`,
    '',
  ].join('\n');
}
