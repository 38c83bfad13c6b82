/**
 * How much of the machine other processes used while racelab's strategies were measured: all CPU
 * time spent on the machine, minus this process's own (every thread of it). Measured only around
 * in-process work: the anchors' child processes and the one-shot commands would count as "others".
 */
import { cpus } from 'node:os';

interface Reading {
  busyMs: number;
  totalMs: number;
  ownMs: number;
}

function read(): Reading {
  let busyMs = 0;
  let totalMs = 0;
  for (const cpu of cpus()) {
    const { user, nice, sys, irq, idle } = cpu.times;
    busyMs += user + nice + sys + irq;
    totalMs += user + nice + sys + irq + idle;
  }
  const own = process.cpuUsage();
  return { busyMs, totalMs, ownMs: (own.user + own.system) / 1000 };
}

export class CpuMeter {
  #othersMs = 0;
  #totalMs = 0;

  /** Runs `work` and adds what other processes used meanwhile. */
  async around<T>(work: () => Promise<T>): Promise<T> {
    const before = read();
    try {
      return await work();
    } finally {
      const after = read();
      this.#othersMs += Math.max(0, after.busyMs - before.busyMs - (after.ownMs - before.ownMs));
      this.#totalMs += after.totalMs - before.totalMs;
    }
  }

  /** Other processes' share of all CPU time while measuring (0 on an idle machine). */
  get othersShare(): number {
    return this.#totalMs > 0 ? this.#othersMs / this.#totalMs : 0;
  }
}
