/**
 * The runtime table: each strategy's median ops/s and its ratio to `atomic`, on every runtime
 * present, in one bench run. Each round runs in a fresh process (or page) per runtime, and the
 * runtimes take turns round by round, so drift on a shared machine hits them alike.
 */
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { medianOf } from '../measurement.js';
import { type BrowserRounds, buildRuntimePage, openBrowserRounds } from './browser-rounds.js';
import { type BenchRuntime, discoverRuntimes } from './discover.js';
import { ROUND_STRATEGIES, type RoundRequest, type RoundResult } from './round.js';

const fromSrc = import.meta.url.endsWith('.ts');
const ROUND_SCRIPT = fileURLToPath(
  new URL(fromSrc ? '../../dist/runtimes/runtime-round.js' : './runtime-round.js', import.meta.url),
);
const ROUND_DEADLINE_MS = 300_000;

export interface RuntimeRow {
  label: string;
  /** From the results' `environment.runtime`. */
  runtime: { name: string; version: string } | null;
  medianOpsPerSecond: Record<string, number> | null;
  ratioToAtomic: Record<string, number> | null;
  rounds: number;
  failed?: string;
}

export interface RuntimeTable {
  workers: number;
  iterations: number;
  rounds: number;
  rows: RuntimeRow[];
}

function processRound(runtime: Extract<BenchRuntime, { kind: 'process' }>, request: RoundRequest): RoundResult {
  const child = spawnSync(runtime.command, [...runtime.args, ROUND_SCRIPT, JSON.stringify(request)], {
    encoding: 'utf8',
    timeout: ROUND_DEADLINE_MS,
    cwd: fileURLToPath(new URL(fromSrc ? '../..' : '../..', import.meta.url)),
  });
  const line = child.stdout?.split('\n').find((text) => text.startsWith('{'));
  if (child.status !== 0 || line === undefined) {
    throw new Error(
      `exit ${child.status ?? child.signal}: ${(child.stderr ?? '').trim().split('\n').slice(-3).join(' ')}`,
    );
  }
  return JSON.parse(line) as RoundResult;
}

export async function measureRuntimes(
  request: RoundRequest,
  rounds: number,
  log: (message: string) => void = () => {},
  runtimes: BenchRuntime[] = discoverRuntimes(),
): Promise<RuntimeTable> {
  const results = new Map<string, RoundResult[]>(runtimes.map((runtime) => [runtime.label, []]));
  const failures = new Map<string, string>();
  const browsers = new Map<string, BrowserRounds>();
  const browserRuntimes = runtimes.filter((runtime) => runtime.kind === 'browser');
  const page = browserRuntimes.length > 0 ? await buildRuntimePage() : undefined;
  try {
    // Every engine stays open through the rounds, so the runtimes can take turns; idle, they wait.
    for (const runtime of browserRuntimes) {
      try {
        browsers.set(runtime.label, await openBrowserRounds(runtime.engine, page?.root ?? ''));
      } catch (error) {
        failures.set(runtime.label, error instanceof Error ? error.message : String(error));
      }
    }
    for (let round = 0; round < rounds; round++) {
      for (const runtime of runtimes) {
        if (failures.has(runtime.label)) continue;
        log(`runtime table: round ${round + 1}/${rounds} on ${runtime.label}`);
        try {
          const result =
            runtime.kind === 'process'
              ? processRound(runtime, request)
              : await (browsers.get(runtime.label) as BrowserRounds).round(request);
          results.get(runtime.label)?.push(result);
        } catch (error) {
          failures.set(runtime.label, error instanceof Error ? error.message : String(error));
        }
      }
    }
  } finally {
    for (const browser of browsers.values()) await browser.close().catch(() => undefined);
    page?.remove();
  }
  const rows = runtimes.map((runtime): RuntimeRow => {
    const samples = results.get(runtime.label) ?? [];
    const failed = failures.get(runtime.label);
    if (samples.length === 0) {
      return { label: runtime.label, runtime: null, medianOpsPerSecond: null, ratioToAtomic: null, rounds: 0, failed };
    }
    const medianOpsPerSecond = Object.fromEntries(
      ROUND_STRATEGIES.map((strategy) => [
        strategy,
        medianOf(samples.map((sample) => sample.opsPerSecond[strategy] ?? 0)),
      ]),
    );
    const atomic = medianOpsPerSecond.atomic ?? 0;
    const ratioToAtomic = Object.fromEntries(
      ROUND_STRATEGIES.map((strategy) => [strategy, atomic > 0 ? (medianOpsPerSecond[strategy] ?? 0) / atomic : 0]),
    );
    const row = {
      label: runtime.label,
      runtime: samples[0]?.runtime ?? null,
      medianOpsPerSecond,
      ratioToAtomic,
      rounds: samples.length,
    };
    return failed ? { ...row, failed } : row;
  });
  return { ...request, rounds, rows };
}
