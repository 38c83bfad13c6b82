/**
 * Test and script support: how a user starts the built `racelab-api` on each runtime, in one place
 * (the smoke test, the lab harness and the mixed-lab check all start it this way).
 */

export const RUNTIME_NAMES = ['node', 'bun', 'deno'] as const;
export type RuntimeName = (typeof RUNTIME_NAMES)[number];

/** A runtime and the binary that runs it. */
export interface HostRuntime {
  name: RuntimeName;
  binary: string;
}

/** This process's own Node.js. */
export const THIS_NODE: HostRuntime = { name: 'node', binary: process.execPath };

/**
 * The command line that runs `entry` with `args` on `runtime`: `node entry`, `bun entry`, and
 * `deno run --allow-all entry` (net, read for the worker files, env, sys for the CPU model and host
 * name, run for PostgreSQL's tools in tests; the README's command).
 */
export function runtimeCommand(runtime: HostRuntime, entry: string, args: readonly string[] = []): [string, string[]] {
  const prefix = runtime.name === 'deno' ? ['run', '--allow-all'] : [];
  return [runtime.binary, [...prefix, entry, ...args]];
}

export function isRuntimeName(name: string): name is RuntimeName {
  return (RUNTIME_NAMES as readonly string[]).includes(name);
}

/**
 * `RACELAB_LAB_RUNTIMES`: the runtimes a lab's hosts take in turn as they start, comma-separated,
 * each `node` (this Node.js) or `NAME=BINARY` (`bun=/opt/bun/bin/bun,deno=/usr/local/bin/deno`).
 * Unset or empty: every host on this Node.js. A bad entry throws, naming it.
 */
export function labRuntimesFromEnvironment(value = process.env.RACELAB_LAB_RUNTIMES): HostRuntime[] {
  if (!value) return [THIS_NODE];
  return value.split(',').map((entry) => {
    const [name = '', binary] = entry.trim().split('=', 2);
    if (!isRuntimeName(name)) {
      throw new RangeError(`RACELAB_LAB_RUNTIMES: "${entry}" names no runtime (node, bun or deno, as NAME=BINARY)`);
    }
    if (binary === undefined || binary === '') {
      if (name === 'node') return THIS_NODE;
      throw new RangeError(`RACELAB_LAB_RUNTIMES: "${entry}" needs the binary's path (${name}=/path/to/${name})`);
    }
    return { name, binary };
  });
}
