/**
 * Worker entry: waits for a run, then for each trial reports `ready`, parks at the start barrier
 * (the generation word), runs its strategy's loop and reports `done`. Between runs it stays alive
 * and idle, which is what makes a warm rerun cheap.
 */
import { availableParallelism } from 'node:os';
import { parentPort } from 'node:worker_threads';
import { monotonicMs } from './clock.js';
import { cpuRelax } from './cpu-relax.js';
import { injectFault } from './faults.js';
import {
  incrementAtomically,
  incrementUnsynchronized,
  incrementWithMutex,
  incrementWithSpinlock,
  type LoopStats,
  type LoopTarget,
} from './increment-loops.js';
import { ABORT, ARRIVED, GENERATION, runMutex, viewRunLayout, WORKER_MUTEX_TOKEN, workerSlot } from './layout.js';
import type { RunCommand, WorkerMessage } from './protocol.js';

const port = parentPort;
if (!port) throw new Error('@racelab/core worker.js must be started as a worker thread');

function post(message: WorkerMessage): void {
  port?.postMessage(message);
}

/** The longest a worker waits at the start gate for others to be running too. */
const START_GATE_MS = 2;

/**
 * The futex barrier wakes workers one after another, tens of microseconds apart, and a worker can
 * finish 100,000 increments in a fraction of a millisecond: without a gate, the first workers on
 * each core would mostly run alone and the race would rarely show. So each woken worker spins
 * until as many workers as there are cores are running (or, on a busy machine, for at most
 * START_GATE_MS), and those start together, as threads in the seed's experiment do.
 */
function passStartGate(ints: Int32Array, gate: number): void {
  Atomics.add(ints, ARRIVED, 1);
  const deadline = performance.now() + START_GATE_MS;
  while (Atomics.load(ints, ARRIVED) < gate && performance.now() < deadline) cpuRelax();
}

function runTrials(command: RunCommand): void {
  const layout = viewRunLayout(command.buffer, command.workers);
  const { ints, times } = layout;
  const target: LoopTarget = { ints, slot: workerSlot(command.index), iterations: command.iterations };
  const mutex = runMutex(layout);
  Atomics.store(ints, target.slot + WORKER_MUTEX_TOKEN, mutex.token);
  const loop: () => LoopStats =
    command.strategy === 'none'
      ? () => incrementUnsynchronized(target)
      : command.strategy === 'mutex'
        ? () => incrementWithMutex(target, mutex)
        : command.strategy === 'spinlock'
          ? () => incrementWithSpinlock(target)
          : () => incrementAtomically(target);

  const gate = Math.min(command.workers, availableParallelism());

  for (let trial = 0; trial < command.trials; trial++) {
    post({ type: 'ready', trial });
    while (Atomics.load(ints, GENERATION) === trial) {
      Atomics.wait(ints, GENERATION, trial);
    }
    if (Atomics.load(ints, ABORT) !== 0) break;
    if (command.fault?.worker === command.index) injectFault(command.fault, mutex, () => post({ type: 'fault' }), ints);
    passStartGate(ints, gate);
    times[2 * command.index] = monotonicMs();
    const stats = loop();
    times[2 * command.index + 1] = monotonicMs();
    post({ type: 'done', trial, stats });
    if (Atomics.load(ints, ABORT) !== 0) break;
  }
  post({ type: 'stopped' });
}

port.on('message', (command: RunCommand) => {
  if (command.type === 'run') runTrials(command);
});
