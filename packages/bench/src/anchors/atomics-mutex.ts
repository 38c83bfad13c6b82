/**
 * The V8 `Atomics.Mutex` anchor. It exists only behind `--harmony-struct`, a V8 flag that must be
 * given when the process starts, so it runs in a child process started with the flag; where the
 * flag or the API is missing, every point reports "unavailable" with the reason.
 *
 * The child is killed if it outlives a generous deadline, and the point retried: on Node 20
 * (V8 11.3) the experimental Atomics.Mutex sometimes loses a wake-up and every thread parks forever
 * (4 runs in 15 at 10 workers × 50,000 on 2 cores; none on Node 24). Hung attempts are reported.
 */
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { type Measurement, measurement, type TrialSample, unavailable } from '../measurement.js';

export interface AnchorPoint {
  workers: number;
  iterations: number;
  trials: number;
}

export type ChildReport = { ok: true; points: TrialSample[][] } | { ok: false; reason: string; hung?: boolean };

const ATTEMPTS = 3;
/** Start-up and spawn allowance, plus a floor of 2 M ops/s (it measures 10–30 M here). */
const deadlineMs = (point: AnchorPoint) => 3_000 + (point.workers * point.iterations * (point.trials + 1)) / 2_000;

const CHILD_PATH = fileURLToPath(
  new URL(
    import.meta.url.endsWith('.ts') ? '../../dist/anchors/atomics-mutex-child.js' : './atomics-mutex-child.js',
    import.meta.url,
  ),
);

export async function measureAtomicsMutex(point: AnchorPoint): Promise<Measurement> {
  let hung = 0;
  for (let attempt = 0; attempt < ATTEMPTS; attempt++) {
    const report = await runChild(point, deadlineMs(point));
    if (report.ok && report.points[0]) {
      const result = measurement('atomics-mutex', point.workers, point.iterations, report.points[0]);
      return hung > 0 ? { ...result, note: `${hung} earlier attempt(s) hung and were killed` } : result;
    }
    if (!report.ok && !report.hung) return unavailable('atomics-mutex', point.workers, point.iterations, report.reason);
    hung++;
  }
  return unavailable('atomics-mutex', point.workers, point.iterations, `all ${ATTEMPTS} attempts hung (lost wake-up)`);
}

function runChild(point: AnchorPoint, timeoutMs: number): Promise<ChildReport> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--harmony-struct', CHILD_PATH, JSON.stringify([point])], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      child.kill('SIGKILL');
    }, timeoutMs);
    let stdout = '';
    let stderr = '';
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
    child.on('close', (code) => {
      clearTimeout(timer);
      if (timedOut) {
        resolve({ ok: false, hung: true, reason: `no answer within ${Math.round(timeoutMs / 1000)} s` });
        return;
      }
      if (code === 0) {
        try {
          resolve(JSON.parse(stdout) as ChildReport);
          return;
        } catch {}
      }
      const firstLine = stderr.trim().split('\n')[0] ?? '';
      resolve({ ok: false, reason: `node --harmony-struct exited with ${code}: ${firstLine}`.trim() });
    });
  });
}
