/**
 * A one-shot run, start to exit, against the Python seed's own script: each command is started as
 * a child process, the commands take turns repeat by repeat (so drift on a busy machine hits them
 * alike), and each is timed by the clock here. The `racelab` CLI is timed when it has been built;
 * the bare `runExperiment` script always is. Bare interpreter start-ups are timed too, since they
 * are the floor each side cannot go under. hyperfine, when installed, times the same commands again.
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { monotonicMs } from './anchors/shared-words.js';
import { type HyperfineRun, runHyperfine } from './hyperfine.js';
import { medianOf } from './measurement.js';
import { PEAK_RSS_MARK } from './peak-rss-mark.js';
import { findPythons } from './python.js';

const here = (path: string) => fileURLToPath(new URL(path, import.meta.url));
const fromSrc = import.meta.url.endsWith('.ts');
const fromDist = (file: string) => here(fromSrc ? `../dist/${file}` : `./${file}`);

export const ONE_SHOT_SCRIPT = fromDist('one-shot-run.js');
const PEAK_RSS_PRELOAD = fromDist('peak-rss.js');
export const PYTHON_SCRIPT = here('../scripts/python-lock-counter.py');
export const RACELAB_CLI = here('../../../apps/dashboard/dist/cli.js');
const REPO_ROOT = here('../../../');

export interface TimedCommand {
  name: string;
  command: string;
  /** Median wall time from spawn to exit. */
  medianMs: number;
  minMs: number;
  /** Set when the command could not run or its output was wrong. */
  failed?: string;
}

/** Where the racelab one-shot's time goes (medians): Node's own start, the threads, the increments, the rest. */
export interface OneShotBreakdown {
  totalMs: number;
  /** `node -e 0`, start to exit. */
  nodeStartMs: number;
  /** `spawnMs` and `runMs` of the results the command printed. */
  spawnMs: number;
  runMs: number;
  /** Everything else: loading modules, validating config and result, printing, ending the threads. */
  otherMs: number;
}

export interface OneShotComparison {
  commands: TimedCommand[];
  /** The racelab side used for the ratio: the CLI when built, else the bare script. */
  racelab: string;
  /** The Python seed it is compared with: the fastest interpreter found. */
  python: string | null;
  /** racelab median / Python median (target ≤ 1.0). */
  ratioToPython: number | null;
  breakdown: OneShotBreakdown | null;
  /** Peak resident memory of the racelab one-shot, every thread counted (target ≤ 100 MiB). */
  peakRssMiB: number | null;
  /** hyperfine's figures for the same commands, or why there are none. */
  hyperfine: HyperfineRun | string;
}

interface Candidate {
  name: string;
  file: string;
  args: string[];
  check: (stdout: string) => string | undefined;
}

interface SeedResult {
  summary?: { correct?: boolean };
  trials?: { spawnMs?: number; runMs?: number }[];
}

function parseResult(stdout: string): SeedResult | undefined {
  try {
    return JSON.parse(stdout) as SeedResult;
  } catch {
    return undefined;
  }
}

const exactJson = (stdout: string) => {
  const result = parseResult(stdout);
  if (!result) return 'stdout is not one JSON document';
  return result.summary?.correct === true ? undefined : 'result not exact';
};

const SEED_FLAGS = ['run', '--strategy', 'mutex', '--workers', '10', '--iterations', '100000', '--json'];
const RACELAB_CLI_NAME = 'racelab run --json';

function candidates(): Candidate[] {
  const list: Candidate[] = [
    { name: 'node start-up', file: process.execPath, args: ['-e', '0'], check: () => undefined },
    { name: 'runExperiment script', file: process.execPath, args: [ONE_SHOT_SCRIPT], check: exactJson },
  ];
  if (existsSync(RACELAB_CLI)) {
    list.push({ name: RACELAB_CLI_NAME, file: process.execPath, args: [RACELAB_CLI, ...SEED_FLAGS], check: exactJson });
  }
  for (const python of findPythons()) {
    list.push(
      { name: `${python.label} start-up`, file: python.path, args: ['-c', 'pass'], check: () => undefined },
      {
        name: `${python.label} seed (threading.Lock)`,
        file: python.path,
        args: [PYTHON_SCRIPT],
        check: (stdout) => (stdout.includes('Final counter: 1000000') ? undefined : 'counter not 1000000'),
      },
    );
  }
  return list;
}

/** The command's peak RSS over a few runs, read from the preload's line on stderr. */
function peakRssMiB(candidate: Candidate, runs: number): number | null {
  let peakKiB = 0;
  for (let run = 0; run < runs; run++) {
    const child = spawnSync(candidate.file, ['--import', PEAK_RSS_PRELOAD, ...candidate.args], { encoding: 'utf8' });
    const reported = new RegExp(`${PEAK_RSS_MARK} (\\d+)`).exec(child.stderr)?.[1];
    if (child.status !== 0 || !reported) return null;
    peakKiB = Math.max(peakKiB, Number(reported));
  }
  return peakKiB / 1024;
}

function shortPath(arg: string): string {
  return arg.startsWith(REPO_ROOT) ? arg.slice(REPO_ROOT.length) : arg;
}

/** `node` when that is this very Node on the PATH (hyperfine runs commands from the PATH), else its full path. */
function nodeName(): string {
  const onPath = spawnSync('node', ['-p', 'process.execPath'], { encoding: 'utf8' }).stdout?.trim();
  return onPath === process.execPath ? 'node' : process.execPath;
}

export function compareOneShot(repeats: number, hyperfine = true): OneShotComparison {
  const list = candidates();
  const racelabName = list.some((candidate) => candidate.name === RACELAB_CLI_NAME)
    ? RACELAB_CLI_NAME
    : 'runExperiment script';
  const node = nodeName();
  const commandLine = (candidate: Candidate) =>
    [candidate.file === process.execPath ? node : candidate.file, ...candidate.args.map(shortPath)].join(' ');
  const times = list.map(() => [] as number[]);
  const spawns: number[] = [];
  const runs: number[] = [];
  const failures = new Map<number, string>();
  for (let repeat = 0; repeat < repeats; repeat++) {
    list.forEach((candidate, index) => {
      const startedAt = monotonicMs();
      const run = spawnSync(candidate.file, candidate.args, { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
      times[index]?.push(monotonicMs() - startedAt);
      const problem = run.status === 0 ? candidate.check(run.stdout) : `exit ${run.status}: ${run.stderr.trim()}`;
      if (problem) failures.set(index, problem);
      if (candidate.name === racelabName) {
        const trial = parseResult(run.stdout)?.trials?.[0];
        spawns.push(trial?.spawnMs ?? Number.NaN);
        runs.push(trial?.runMs ?? Number.NaN);
      }
    });
  }
  const commands: TimedCommand[] = list.map((candidate, index) => ({
    name: candidate.name,
    command: commandLine(candidate),
    medianMs: medianOf(times[index] ?? []),
    minMs: Math.min(...(times[index] ?? [])),
    ...(failures.has(index) ? { failed: failures.get(index) } : {}),
  }));
  const racelab = commands.find((entry) => entry.name === racelabName);
  const racelabCandidate = list.find((candidate) => candidate.name === racelabName);
  const seed = commands
    .filter((entry) => entry.name.endsWith('seed (threading.Lock)') && !entry.failed)
    .sort((a, b) => a.medianMs - b.medianMs)[0];
  const nodeStart = commands.find((entry) => entry.name === 'node start-up');
  const usable = racelab !== undefined && racelab.failed === undefined;
  const spawnMs = medianOf(spawns);
  const runMs = medianOf(runs);
  return {
    commands,
    racelab: racelabName,
    python: seed?.name ?? null,
    ratioToPython: usable && seed ? racelab.medianMs / seed.medianMs : null,
    breakdown:
      usable && nodeStart
        ? {
            totalMs: racelab.medianMs,
            nodeStartMs: nodeStart.medianMs,
            spawnMs,
            runMs,
            otherMs: racelab.medianMs - nodeStart.medianMs - spawnMs - runMs,
          }
        : null,
    peakRssMiB: usable && racelabCandidate ? peakRssMiB(racelabCandidate, Math.min(3, repeats)) : null,
    hyperfine: hyperfine
      ? runHyperfine(
          list.map((candidate) => ({ name: candidate.name, command: commandLine(candidate) })),
          repeats,
          REPO_ROOT,
        )
      : 'hyperfine: not run with these settings',
  };
}
