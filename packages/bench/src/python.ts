/**
 * The Python interpreters the seed script is timed with. `python3` is often a shim (pyenv's is a
 * bash script that costs ~0.3 s of CPU before Python starts), so each is resolved to the executable
 * it runs, and the system's `/usr/bin/python3` is added when it is another build: the comparison
 * is against the fastest of them, never against a wrapper's overhead.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, realpathSync } from 'node:fs';

export interface Python {
  /** `python 3.11.7`: what the report calls it. */
  label: string;
  /** The interpreter itself, not a shim. */
  path: string;
}

const PROBE = 'import sys, threading; print(sys.executable); print(sys.version.split()[0])';

function probe(command: string): Python | undefined {
  const run = spawnSync(command, ['-c', PROBE], { encoding: 'utf8' });
  if (run.status !== 0) return undefined;
  const [path, version] = run.stdout.trim().split('\n');
  if (!path || !version || !existsSync(path)) return undefined;
  return { label: `python ${version}`, path };
}

export function findPythons(): Python[] {
  const found: Python[] = [];
  for (const command of ['python3', 'python', '/usr/bin/python3']) {
    const python = probe(command);
    if (!python) continue;
    const real = realpathSync(python.path);
    if (found.some((entry) => realpathSync(entry.path) === real)) continue;
    found.push(
      found.some((entry) => entry.label === python.label)
        ? { ...python, label: `${python.label} (${python.path})` }
        : python,
    );
  }
  return found;
}
