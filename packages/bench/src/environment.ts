import { cpus, loadavg, release, totalmem } from 'node:os';
import type { Environment } from '@racelab/core';
import { currentEnvironment, hasAtomicsPause } from '@racelab/core/internal';

export interface BenchEnvironment extends Environment {
  cpuModel: string;
  kernel: string;
  memoryGiB: number;
  /** Whether racelab's spin hint is the CPU's pause instruction (Node ≥ 24) or a stand-in. */
  atomicsPause: boolean;
  /** 1-minute load average before the bench started anything: other work skews every number. */
  loadBefore: number;
}

export function benchEnvironment(): BenchEnvironment {
  return {
    ...currentEnvironment(),
    cpuModel: cpus()[0]?.model.trim() ?? 'unknown',
    kernel: release(),
    memoryGiB: Math.round(totalmem() / 2 ** 30),
    atomicsPause: hasAtomicsPause,
    loadBefore: loadavg()[0] ?? 0,
  };
}

/** One line naming the machine, for the table header and the chart. */
export function machineLine(environment: BenchEnvironment): string {
  return (
    `${environment.cpus} × ${environment.cpuModel}, ${environment.memoryGiB} GiB, ${environment.platform} ` +
    `${environment.kernel} ${environment.arch}; Node ${environment.node} (V8 ${environment.v8})`
  );
}

/** A warning line when other processes competed for the cores while the strategies ran. */
export function busyWarning(interference: number): string | undefined {
  if (interference < 0.05) return undefined;
  return (
    `WARNING: other processes used ${(interference * 100).toFixed(0)} % of the machine's CPU time while ` +
    'the strategies ran: these numbers are skewed. Rerun on an idle machine.'
  );
}
