/** Test support: what a load run measured, the checks it must pass, and how it prints. */

export interface MemoryFigures {
  rssMb: number;
  heapUsedMb: number;
}

export interface RunCheck {
  id: string;
  strategy: string;
  status: string;
  expected: number;
  actuals: number[];
  /** Why this run's result is wrong, if it is. */
  problem?: string;
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
  runs: RunCheck[];
  memory: { before: MemoryFigures; peak: MemoryFigures; after: MemoryFigures };
  /** Listeners still attached to runs, and worker threads still busy, once the load has stopped. */
  leftover: { listeners: number; busyThreads: number };
  /** Every failed check, one line each; empty when the load held. */
  failures: string[];
  /** The first few error messages, to start debugging from. */
  errorSamples: string[];
}

/** How far heapUsed may stay above its starting point after a GC before we call it a leak. */
export const HEAP_GROWTH_LIMIT_MB = 20;

export function percentile(sorted: Float64Array, fraction: number): number {
  if (sorted.length === 0) return 0;
  return sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * fraction))]!;
}

export function memoryNow(): MemoryFigures {
  const { rss, heapUsed } = process.memoryUsage();
  return { rssMb: rss / 2 ** 20, heapUsedMb: heapUsed / 2 ** 20 };
}

export function findFailures(report: Omit<LoadReport, 'failures'>): string[] {
  const failures: string[] = [];
  if (report.errors > 0) failures.push(`${report.errors} errors (first: ${report.errorSamples[0] ?? '?'})`);
  if (report.non2xx > 0) failures.push(`${report.non2xx} answers were not 2xx`);
  if (report.requests === 0) failures.push('no request was sent');
  if (report.runs.length === 0) failures.push('no run completed');
  for (const run of report.runs) if (run.problem) failures.push(`run ${run.id} (${run.strategy}): ${run.problem}`);
  if (report.sse.completed !== report.sse.opened) {
    failures.push(
      `${report.sse.opened - report.sse.completed} of ${report.sse.opened} event streams did not end with a result`,
    );
  }
  if (report.sse.opened < report.sseClients) failures.push(`only ${report.sse.opened} event streams opened`);
  if (report.leftover.listeners > 0) failures.push(`${report.leftover.listeners} run listeners left attached`);
  if (report.leftover.busyThreads > 0) failures.push(`${report.leftover.busyThreads} worker threads still busy`);
  const growth = report.memory.after.heapUsedMb - report.memory.before.heapUsedMb;
  if (growth > HEAP_GROWTH_LIMIT_MB) {
    failures.push(`heapUsed grew ${growth.toFixed(1)} MB after GC (limit ${HEAP_GROWTH_LIMIT_MB} MB): a leak?`);
  }
  return failures;
}

const mb = (figures: MemoryFigures) =>
  `rss ${figures.rssMb.toFixed(1)} MB, heapUsed ${figures.heapUsedMb.toFixed(1)} MB`;

export function formatLoadReport(report: LoadReport): string {
  const seconds = report.durationMs / 1000;
  const byStrategy = new Map<string, RunCheck[]>();
  for (const run of report.runs) byStrategy.set(run.strategy, [...(byStrategy.get(run.strategy) ?? []), run]);
  const runLines = [...byStrategy].map(([strategy, runs]) => {
    const exact = runs.filter((run) => run.actuals.every((actual) => actual === run.expected)).length;
    const wrong = runs.filter((run) => run.problem).length;
    return `    ${strategy.padEnd(9)} ${runs.length} runs, ${exact} exact, ${wrong} wrong`;
  });
  return [
    `racelab API load test: ${seconds.toFixed(1)} s on 127.0.0.1, ${report.sseClients} SSE clients, ${report.getLoops} GET loops`,
    `  requests    ${report.requests} (${(report.requests / seconds).toFixed(0)}/s), errors ${report.errors}, non-2xx ${report.non2xx}`,
    `  latency     p50 ${report.latencyMs.p50.toFixed(2)} ms, p99 ${report.latencyMs.p99.toFixed(2)} ms, max ${report.latencyMs.max.toFixed(2)} ms (${report.slowest.path} at ${report.slowest.atSeconds.toFixed(1)} s)`,
    `  SSE streams ${report.sse.opened} opened, ${report.sse.completed} completed`,
    `  runs        ${report.runs.length} back to back`,
    ...runLines,
    `  memory      before ${mb(report.memory.before)}`,
    `              peak   ${mb(report.memory.peak)}`,
    `              after  ${mb(report.memory.after)} (after GC)`,
    `  leftover    ${report.leftover.listeners} run listeners, ${report.leftover.busyThreads} busy threads`,
    report.failures.length === 0 ? 'PASS' : `FAIL\n${report.failures.map((failure) => `  - ${failure}`).join('\n')}`,
    '',
  ].join('\n');
}
