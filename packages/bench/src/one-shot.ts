/**
 * A one-shot run, start to exit, against the Python seed's own script: each command is started as
 * a child process and timed by the clock here (no hyperfine needed). The `racelab` CLI is timed
 * when it has been built; the bare `runExperiment` script always is. Bare interpreter start-ups are
 * timed too, since they are the floor each side cannot go under.
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { monotonicMs } from './anchors/shared-words.js';
import { medianOf } from './measurement.js';

const here = (path: string) => fileURLToPath(new URL(path, import.meta.url));
const fromSrc = import.meta.url.endsWith('.ts');

export const ONE_SHOT_SCRIPT = here(fromSrc ? '../dist/one-shot-run.js' : './one-shot-run.js');
export const PYTHON_SCRIPT = here('../scripts/python-lock-counter.py');
export const RACELAB_CLI = here('../../../apps/dashboard/dist/cli.js');

export interface TimedCommand {
  name: string;
  command: string;
  /** Median wall time from spawn to exit. */
  medianMs: number;
  minMs: number;
  /** Set when the command could not run or its output was wrong. */
  failed?: string;
}

export interface OneShotComparison {
  commands: TimedCommand[];
  /** The racelab side used for the ratio: the CLI when built, else the bare script. */
  racelab: string;
  /** racelab median / Python median (target ≤ 1.5). */
  ratioToPython: number | null;
}

interface Candidate {
  name: string;
  file: string;
  args: string[];
  check: (stdout: string) => string | undefined;
}

const exactJson = (stdout: string) => {
  try {
    const result = JSON.parse(stdout) as { summary?: { correct?: boolean } };
    return result.summary?.correct === true ? undefined : 'result not exact';
  } catch {
    return 'stdout is not one JSON document';
  }
};

export function compareOneShot(repeats: number): OneShotComparison {
  const python = findPython();
  const candidates: Candidate[] = [
    { name: 'node start-up', file: process.execPath, args: ['-e', '0'], check: () => undefined },
    { name: 'runExperiment script', file: process.execPath, args: [ONE_SHOT_SCRIPT], check: exactJson },
  ];
  if (existsSync(RACELAB_CLI)) {
    candidates.push({
      name: 'racelab run --json',
      file: process.execPath,
      args: [RACELAB_CLI, 'run', '--strategy', 'mutex', '--workers', '10', '--iterations', '100000', '--json'],
      check: exactJson,
    });
  }
  if (python) {
    candidates.push(
      { name: 'python start-up', file: python, args: ['-c', 'pass'], check: () => undefined },
      {
        name: 'python seed (threading.Lock)',
        file: python,
        args: [PYTHON_SCRIPT],
        check: (stdout) => (stdout.includes('Final counter: 1000000') ? undefined : 'counter not 1000000'),
      },
    );
  }
  const times = candidates.map(() => [] as number[]);
  const failures = new Map<number, string>();
  for (let repeat = 0; repeat < repeats; repeat++) {
    candidates.forEach((candidate, index) => {
      const startedAt = monotonicMs();
      const run = spawnSync(candidate.file, candidate.args, { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
      times[index]?.push(monotonicMs() - startedAt);
      const problem = run.status === 0 ? candidate.check(run.stdout) : `exit ${run.status}: ${run.stderr.trim()}`;
      if (problem) failures.set(index, problem);
    });
  }
  const commands = candidates.map((candidate, index) => ({
    name: candidate.name,
    command: [candidate.file === process.execPath ? 'node' : candidate.file, ...candidate.args.map(shortPath)].join(
      ' ',
    ),
    medianMs: medianOf(times[index] ?? []),
    minMs: Math.min(...(times[index] ?? [])),
    ...(failures.has(index) ? { failed: failures.get(index) } : {}),
  }));
  const racelab = commands.find((entry) => entry.name === 'racelab run --json') ?? commands[1];
  const seed = commands.find((entry) => entry.name.startsWith('python seed'));
  return {
    commands,
    racelab: racelab?.name ?? '',
    ratioToPython: racelab && seed && !racelab.failed && !seed.failed ? racelab.medianMs / seed.medianMs : null,
  };
}

function findPython(): string | undefined {
  for (const name of ['python3', 'python']) {
    const probe = spawnSync(name, ['-c', 'import threading'], { encoding: 'utf8' });
    if (probe.status === 0) return name;
  }
  return undefined;
}

function shortPath(arg: string): string {
  const root = here('../../../');
  return arg.startsWith(root) ? arg.slice(root.length) : arg;
}
