import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { cpus, hostname } from 'node:os';
import type { HostIdentity } from '@racelab/store';

const packageJson = createRequire(import.meta.url)('../../package.json') as { version: string };

/** What this host tells the lab about itself. */
export function hostIdentity(name: string): HostIdentity {
  const cores = cpus();
  return {
    name,
    cpus: cores.length,
    cpuModel: cores[0]?.model.trim() || 'unknown',
    runtime: runtimeLabel(),
    version: packageJson.version,
  };
}

function runtimeLabel(): string {
  const globals = globalThis as { Bun?: { version: string }; Deno?: { version: { deno: string } } };
  if (globals.Bun) return `bun ${globals.Bun.version}`;
  if (globals.Deno) return `deno ${globals.Deno.version.deno}`;
  return `node ${process.version}`;
}

/**
 * This process among the lab's: the machine (its name and boot), the process id and a nonce. A host
 * restarting on the same machine before its lease ran out can then tell that the process holding
 * its name is gone (`isGone`), and take over instead of waiting out the lease.
 */
export function instanceId(): string {
  return `${machineId()}/${process.pid}/${crypto.randomUUID().slice(0, 8)}`;
}

/** The process behind `instance`, as far as this machine can tell: only its own processes are known. */
function processOf(instance: string): 'running' | 'gone' | 'unknown' {
  const [machine, pid] = instance.split('/');
  if (machine !== machineId() || pid === undefined) return 'unknown';
  try {
    process.kill(Number(pid), 0);
    return 'running';
  } catch (error) {
    const { code } = error as NodeJS.ErrnoException;
    // EPERM: it runs, as another user.
    return code === 'ESRCH' ? 'gone' : code === 'EPERM' ? 'running' : 'unknown';
  }
}

/** true only when `instance` is a process of this machine, this boot, that has ended. */
export function isGone(instance: string): boolean {
  return processOf(instance) === 'gone';
}

/**
 * true only when `instance` is a process of this machine, this boot, that is running now: what a
 * server outside a lab can prove about another holding its name in a shared notebook.
 */
export function isLive(instance: string): boolean {
  return processOf(instance) === 'running';
}

let cachedMachineId: string | undefined;

function machineId(): string {
  if (cachedMachineId === undefined) {
    let boot = '';
    try {
      boot = readFileSync('/proc/sys/kernel/random/boot_id', 'utf8').trim();
    } catch {
      // Not Linux: the machine's name alone.
    }
    cachedMachineId = `${hostname()}:${boot}`.replaceAll('/', '_');
  }
  return cachedMachineId;
}
