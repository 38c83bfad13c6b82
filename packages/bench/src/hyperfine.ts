/**
 * hyperfine (a Debian package) as a second opinion on the one-shot timings, when it is installed:
 * its mean ± σ, median and CPU time per command, and the exact command line to reproduce them.
 * hyperfine runs each command's repeats back to back, so on a busy machine the bench's own
 * interleaved medians are the ones the ratio uses.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface HyperfineCommand {
  name: string;
  /** The command line, run without a shell (`-N`), from `cwd`. */
  command: string;
}

export interface HyperfineResult {
  name: string;
  meanMs: number;
  stddevMs: number;
  medianMs: number;
  minMs: number;
  userMs: number;
  systemMs: number;
}

export interface HyperfineRun {
  version: string;
  /** Reproduces these figures from the repository root. */
  commandLine: string;
  results: HyperfineResult[];
}

const quote = (text: string) => (/^[\w./=:,-]+$/.test(text) ? text : `'${text.replaceAll("'", "'\\''")}'`);

export function hyperfineVersion(): string | undefined {
  const probe = spawnSync('hyperfine', ['--version'], { encoding: 'utf8' });
  return probe.status === 0 ? probe.stdout.trim() : undefined;
}

export function runHyperfine(commands: readonly HyperfineCommand[], runs: number, cwd: string): HyperfineRun | string {
  const version = hyperfineVersion();
  if (!version) return 'hyperfine is not installed (Debian: apt-get install hyperfine)';
  const dir = mkdtempSync(join(tmpdir(), 'racelab-hyperfine-'));
  try {
    const file = join(dir, 'results.json');
    const args = ['-N', '--warmup', '1', '--runs', String(Math.max(2, runs))];
    for (const { name, command } of commands) args.push('-n', name, command);
    const run = spawnSync('hyperfine', [...args, '--export-json', file, '--style', 'none'], { cwd, encoding: 'utf8' });
    if (run.status !== 0) return `hyperfine failed: ${run.stderr.trim().split('\n').at(-1) ?? run.status}`;
    const json = JSON.parse(readFileSync(file, 'utf8')) as {
      results: {
        command: string;
        mean: number;
        stddev: number;
        median: number;
        min: number;
        user: number;
        system: number;
      }[];
    };
    return {
      version,
      commandLine: ['hyperfine', ...args].map(quote).join(' '),
      results: json.results.map((entry) => ({
        name: entry.command,
        meanMs: entry.mean * 1000,
        stddevMs: (entry.stddev ?? 0) * 1000,
        medianMs: entry.median * 1000,
        minMs: entry.min * 1000,
        userMs: entry.user * 1000,
        systemMs: entry.system * 1000,
      })),
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
