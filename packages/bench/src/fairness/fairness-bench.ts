/**
 * The fairness section (issue #11): how evenly each lock shares itself among threads that all want
 * it all the time, and how long they wait. Every point runs in its own child process (V8's
 * `Atomics.Mutex` needs `--harmony-struct`; Web Locks and Node 20's `Atomics.Mutex` can crash or
 * hang, which then costs a retry, not the bench). Within a point, rounds alternate between
 * untimed ones (throughput, and the shares, undisturbed) and ones that time every acquisition
 * (waits, as the issue's probe did).
 */
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { jainIndex, mergeWaits, sharesOf, type WaitHistogram, waitSummary } from '@racelab/core/fairness';

type WaitSummary = ReturnType<typeof waitSummary>;

import { medianOf } from '../measurement.js';
import type { ProbeReport } from './probe-child.js';
import type { ProbePoint, ProbeRound } from './probe-group.js';
import type { ProbeKind, TimingMode } from './probe-layout.js';
import { measureUncontended, type UncontendedCost } from './uncontended.js';
import { measureWakeLatency, summarizeWakes, type WakeLatency } from './wake-latency.js';

export interface FairnessSettings {
  /** The locks whose fairness is measured, at every worker count and critical section. */
  readonly kinds: readonly ProbeKind[];
  readonly workerCounts: readonly number[];
  /** Critical-section lengths beyond the counter's increment, in ns. */
  readonly csNs: readonly number[];
  readonly windowMs: number;
  /** Untimed rounds, and as many rounds that time every acquisition. */
  readonly rounds: number;
  /** Throughput of the new lock against the old and `Atomics.add`, at this many workers. */
  readonly throughputWorkers: number;
  /** Paired rounds without and with the runner's wait timing (`tryLock` first, time the rest). */
  readonly timingCostRounds: number;
}

export interface FairnessEntry {
  kind: ProbeKind;
  workers: number;
  csNs: number;
  /** Median over untimed rounds of all threads' acquisitions per second. */
  acquisitionsPerSecond: number | null;
  /** Median over untimed rounds, from each thread's acquisitions in the round. */
  jainIndex: number | null;
  leastShare: number | null;
  /** Over every acquisition of the rounds that timed them all. */
  waitMs: WaitSummary | null;
  /** The counter equalled the acquisitions in every round (mutual exclusion held). */
  exact: boolean | null;
  /** racelab Mutex: fair hand-offs per second, median over untimed rounds (designed: ~1,300/s). */
  handOffsPerSecond?: number;
  unavailable?: string;
  note?: string;
}

export interface TimingCost {
  kind: ProbeKind;
  workers: number;
  plain: number;
  timed: number;
  /** Median over paired rounds of 1 − timed/plain (≤ 0: lost in noise). */
  cost: number;
}

export interface FairnessReport {
  entries: FairnessEntry[];
  throughput: FairnessEntry[];
  timingCost: TimingCost[];
  uncontended: UncontendedCost;
  /** How long this machine took to run a thread woken by Atomics.notify, around the probe points. */
  wakeLatency: WakeLatency;
}

export async function measureFairness(
  settings: FairnessSettings,
  log: (message: string) => void,
): Promise<FairnessReport> {
  const wakeSamples: number[] = [];
  const entries: FairnessEntry[] = [];
  for (const csNs of settings.csNs) {
    for (const workers of settings.workerCounts) {
      log(`fairness: ${workers} workers, critical section ~${csNs} ns`);
      wakeSamples.push(...(await measureWakeLatency(50)));
      for (const kind of settings.kinds) {
        entries.push(
          await measurePoint({
            kind,
            workers,
            csNs,
            modes: ['plain', 'every'],
            rounds: 2 * settings.rounds,
            windowMs: settings.windowMs,
          }),
        );
      }
    }
  }
  log(`fairness: throughput at ${settings.throughputWorkers} workers, new lock against old`);
  const throughput: FairnessEntry[] = [];
  for (const kind of ['mutex', 'legacy-mutex', 'atomic'] as const) {
    throughput.push(
      await measurePoint({
        kind,
        workers: settings.throughputWorkers,
        csNs: 0,
        modes: ['plain'],
        rounds: 2 * settings.rounds,
        windowMs: settings.windowMs,
      }),
    );
  }
  log('fairness: what the runner pays to time contended acquisitions');
  const timingCost: TimingCost[] = [];
  for (const kind of ['mutex', 'spinlock'] as const) {
    for (const workers of new Set([settings.throughputWorkers, Math.max(...settings.workerCounts)])) {
      const point = {
        kind,
        workers,
        csNs: 0,
        modes: ['plain', 'contended'] as TimingMode[],
        rounds: 2 * settings.timingCostRounds,
        windowMs: settings.windowMs,
      };
      const report = await runInChild(point);
      if (!report.ok) continue;
      const plain = report.rounds.filter((round) => round.mode === 'plain').map(rate);
      const timed = report.rounds.filter((round) => round.mode === 'contended').map(rate);
      timingCost.push({
        kind,
        workers,
        plain: medianOf(plain),
        timed: medianOf(timed),
        cost: medianOf(plain.map((value, index) => 1 - (timed[index] ?? Number.NaN) / value)),
      });
    }
  }
  log('fairness: an uncontended lock/unlock, new against old');
  const uncontended = measureUncontended(Math.max(3, 2 * settings.rounds + 1));
  return { entries, throughput, timingCost, uncontended, wakeLatency: summarizeWakes(wakeSamples) };
}

function rate(round: ProbeRound): number {
  return round.workers.reduce((sum, worker) => sum + worker.acquisitions, 0) / (round.windowMs / 1000);
}

async function measurePoint(point: ProbePoint): Promise<FairnessEntry> {
  const base = { kind: point.kind, workers: point.workers, csNs: point.csNs };
  const report = await runInChild(point);
  if (!report.ok) {
    return {
      ...base,
      acquisitionsPerSecond: null,
      jainIndex: null,
      leastShare: null,
      waitMs: null,
      exact: null,
      unavailable: report.reason,
    };
  }
  const plain = report.rounds.filter((round) => round.mode === 'plain');
  const timed = report.rounds.filter((round) => round.mode === 'every');
  const shares = plain.map((round) => sharesOf(round.workers.map((worker) => worker.acquisitions)));
  const waits = timed.flatMap((round) => round.workers.map((worker) => worker.waits));
  return {
    ...base,
    acquisitionsPerSecond: plain.length > 0 ? medianOf(plain.map(rate)) : null,
    jainIndex: shares.length > 0 ? medianOf(shares.map(jainIndex)) : null,
    leastShare: shares.length > 0 ? medianOf(shares.map((values) => Math.min(...values))) : null,
    waitMs: waits.length > 0 ? waitSummary(mergeWaits(waits)) : null,
    exact: report.rounds.every(
      (round) => round.counter === round.workers.reduce((sum, worker) => sum + worker.acquisitions, 0),
    ),
    ...(point.kind === 'mutex' && plain.length > 0
      ? { handOffsPerSecond: medianOf(plain.map((round) => (round.handOffs ?? 0) / (round.windowMs / 1000))) }
      : {}),
    ...(report.note ? { note: report.note } : {}),
  };
}

const CHILD_PATH = fileURLToPath(
  new URL(import.meta.url.endsWith('.ts') ? '../../dist/fairness/probe-child.js' : './probe-child.js', import.meta.url),
);
const ATTEMPTS = 3;

type ChildResult = (ProbeReport & { note?: string }) | { ok: false; reason: string; retry?: boolean };

/** Runs a point in a child process, killed after a deadline and retried if it hangs or crashes. */
async function runInChild(point: ProbePoint): Promise<ProbeReport & { note?: string }> {
  const deadlineMs = 30_000 + point.workers * 500 + (point.rounds + point.modes.length) * (point.windowMs + 5_000);
  const failures: string[] = [];
  for (let attempt = 0; attempt < ATTEMPTS; attempt++) {
    const result = await runChild(point, deadlineMs);
    if (result.ok) {
      for (const round of result.rounds) {
        for (const worker of round.workers) (worker as { waits: WaitHistogram }).waits = revive(worker.waits);
      }
      return failures.length > 0
        ? { ...result, note: `${failures.length} earlier attempt(s): ${failures.join('; ')}` }
        : result;
    }
    if (!('retry' in result) || !result.retry) return result;
    failures.push(result.reason);
  }
  return { ok: false, reason: `${ATTEMPTS} attempts failed (${failures.join('; ')})` };
}

function revive(waits: WaitHistogram): WaitHistogram {
  return { immediate: waits.immediate, maxNs: waits.maxNs, counts: Uint32Array.from(waits.counts) };
}

function runChild(point: ProbePoint, timeoutMs: number): Promise<ChildResult> {
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
      if (timedOut)
        return resolve({ ok: false, retry: true, reason: `no answer within ${Math.round(timeoutMs / 1000)} s` });
      if (code === 0) {
        try {
          return resolve(JSON.parse(stdout) as ProbeReport);
        } catch {}
      }
      const crashed = signal !== null || code === null || code > 128;
      const firstLine = stderr.trim().split('\n')[0] ?? '';
      resolve({
        ok: false,
        retry: crashed,
        reason: crashed ? `crashed (${signal ?? `exit ${code}`})` : `exited with ${code}: ${firstLine}`.trim(),
      });
    });
  });
}
