/**
 * Runs an anchor in a child process, one point per child, so that an anchor that hangs or crashes
 * costs a retry, not the bench:
 * - V8's `Atomics.Mutex` exists only behind `--harmony-struct`, a flag the process must start with.
 *   On Node 20 (V8 11.3) it sometimes loses a wake-up and every thread parks forever (4 runs in 15 at
 *   10 workers × 50,000 on 2 cores; none on Node 24).
 * - Node 24.21's `worker_threads.locks` aborts the process (SIGABRT) in about 1 run in 4 at 10
 *   workers × 200 requests, and loses updates (1–2 per 2,000): it breaks mutual exclusion.
 * A child that outlives its deadline is killed; hung or crashed attempts are retried and reported.
 */
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { type Measurement, measurement, type TrialSample, unavailable } from '../measurement.js';
import { millions } from '../report/numbers.js';
import type { AnchorKind } from './thread-group.js';

export interface AnchorPoint {
  kind: AnchorKind;
  workers: number;
  iterations: number;
  trials: number;
}

export type ChildReport = { ok: true; samples: TrialSample[] } | { ok: false; reason: string; retry?: boolean };

const ATTEMPTS = 3;

const CHILD_PATH = fileURLToPath(
  new URL(
    import.meta.url.endsWith('.ts') ? '../../dist/anchors/anchor-child.js' : './anchor-child.js',
    import.meta.url,
  ),
);

/** Measures `point` in a child process; `minOpsPerSecond` sets the deadline (plus 3 s to start). */
export async function measureInChild(point: AnchorPoint, minOpsPerSecond: number): Promise<Measurement> {
  const ops = point.workers * point.iterations * (point.trials + 1);
  const deadlineMs = 3_000 + (ops / minOpsPerSecond) * 1000;
  const failures: string[] = [];
  for (let attempt = 0; attempt < ATTEMPTS; attempt++) {
    const report = await runChild(point, deadlineMs);
    if (report.ok) {
      const result = measurement(point.kind, point.workers, point.iterations, report.samples);
      return failures.length > 0
        ? { ...result, note: `${failures.length} earlier attempt(s): ${failures.join('; ')}` }
        : result;
    }
    if (!report.retry) return unavailable(point.kind, point.workers, point.iterations, report.reason);
    failures.push(report.reason);
  }
  const slow = `under ${millions(ops / (deadlineMs / 1000))} M ops/s or hung`;
  return unavailable(
    point.kind,
    point.workers,
    point.iterations,
    `${ATTEMPTS} attempts failed (${failures.join('; ')}; ${slow})`,
  );
}

function runChild(point: AnchorPoint, timeoutMs: number): Promise<ChildReport> {
  return new Promise((resolve) => {
    const flags = point.kind === 'atomics-mutex' ? ['--harmony-struct'] : [];
    const child = spawn(process.execPath, [...flags, CHILD_PATH, JSON.stringify(point)], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      child.kill('SIGKILL');
    }, timeoutMs);
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
      stdout += chunk;
    });
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
      stderr += chunk;
    });
    child.on('error', (error) => {
      clearTimeout(timer);
      resolve({ ok: false, reason: error.message });
    });
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      if (timedOut) {
        resolve({ ok: false, retry: true, reason: `no answer within ${Math.round(timeoutMs / 1000)} s` });
        return;
      }
      if (code === 0) {
        try {
          resolve(JSON.parse(stdout) as ChildReport);
          return;
        } catch {}
      }
      const firstLine = stderr.trim().split('\n')[0] ?? '';
      const crashed = signal !== null || code === null || code > 128;
      resolve({
        ok: false,
        retry: crashed,
        reason: crashed ? `crashed (${signal ?? `exit ${code}`})` : `exited with ${code}: ${firstLine}`.trim(),
      });
    });
  });
}
