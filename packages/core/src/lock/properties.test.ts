/**
 * Property-based tests (fast-check): random configs and random mixtures of lock and condition
 * operations across threads. 300 + 700 generated cases, seeded (set FC_SEED to explore others);
 * each case must finish, be exact and never overlap.
 */
import { once } from 'node:events';
import { Worker } from 'node:worker_threads';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ExperimentRunner } from '../experiment/index.js';
import { Condition } from './condition.js';
import { Mutex } from './mutex.js';

const CASE_DEADLINE_MS = 10_000;
const seed = Number(process.env.FC_SEED ?? 20_261_128);

function withinDeadline<T>(promise: Promise<T>, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () => reject(new Error(`${what} did not finish within ${CASE_DEADLINE_MS} ms`)),
      CASE_DEADLINE_MS,
    );
  });
  return Promise.race([promise, deadline]).finally(() => clearTimeout(timer));
}

describe('random experiments', () => {
  const runner = new ExperimentRunner();
  afterAll(() => runner.close());

  it('synchronised strategies are always exact and `none` never exceeds expected (300 cases)', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.record({
          strategy: fc.constantFrom('none', 'mutex', 'spinlock', 'atomic'),
          workers: fc.integer({ min: 1, max: 12 }),
          iterations: fc.integer({ min: 1, max: 3_000 }),
          trials: fc.integer({ min: 1, max: 3 }),
        }),
        async (config) => {
          const result = await withinDeadline(runner.run(config), 'run');
          expect(result.status).toBe('completed');
          expect(result.trials).toHaveLength(config.trials);
          for (const trial of result.trials) {
            if (config.strategy === 'none') expect(trial.actual).toBeLessThanOrEqual(result.expected);
            else expect(trial.actual).toBe(result.expected);
          }
        },
      ),
      { numRuns: 300, seed },
    );
  });
});

describe('random lock operation mixtures across threads', () => {
  const threads: Worker[] = [];
  beforeAll(() => {
    for (let index = 0; index < 3; index++) {
      threads.push(new Worker(new URL('../../test/fixtures/mixed-ops-worker.mjs', import.meta.url)));
    }
  });
  afterAll(async () => {
    await Promise.all(threads.map((thread) => thread.terminate()));
  });

  const workerOp = fc.oneof(
    fc.record({ kind: fc.constant('lock'), work: fc.integer({ min: 0, max: 50 }) }),
    fc.record({ kind: fc.constant('tryLock'), work: fc.integer({ min: 0, max: 50 }) }),
    fc.record({
      kind: fc.constant('tryLockTimeout'),
      timeoutMs: fc.integer({ min: 1, max: 5 }),
      work: fc.integer({ min: 0, max: 50 }),
    }),
    fc.record({ kind: fc.constant('guard'), work: fc.integer({ min: 0, max: 50 }) }),
    fc.record({ kind: fc.constant('unlockFair'), work: fc.integer({ min: 0, max: 50 }) }),
    fc.record({
      kind: fc.constant('wait'),
      timeoutMs: fc.integer({ min: 0, max: 3 }),
      work: fc.integer({ min: 0, max: 50 }),
    }),
    fc.record({ kind: fc.constant('notify'), all: fc.boolean(), work: fc.integer({ min: 0, max: 50 }) }),
  );
  const mainOp = fc.oneof(
    fc.record({ kind: fc.constant('lockAsync') }),
    fc.record({ kind: fc.constant('lockAsyncTimeout'), timeoutMs: fc.integer({ min: 0, max: 3 }) }),
    fc.record({ kind: fc.constant('lockAsyncAbort'), afterMs: fc.integer({ min: 0, max: 3 }) }),
    fc.record({ kind: fc.constant('waitAsync'), timeoutMs: fc.integer({ min: 0, max: 3 }) }),
  );

  it('never lets two holders overlap and never hangs (700 cases)', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.array(workerOp, { minLength: 1, maxLength: 60 }), { minLength: 1, maxLength: threads.length }),
        fc.array(mainOp, { maxLength: 8 }),
        async (scripts, mainOps) => {
          const mutex = new Mutex();
          const condition = new Condition();
          const data = new SharedArrayBuffer(12);
          const cells = new Int32Array(data);
          const reports = scripts.map(async (ops, index) => {
            const thread = threads[index] as Worker;
            thread.postMessage({ handle: mutex.handle, condition: condition.handle, data, ops });
            return (await once(thread, 'message'))[0] as { violations: number; entered: number };
          });
          let mainEntered = 0;
          let mainViolations = 0;
          for (const op of mainOps) {
            const controller = new AbortController();
            if (op.kind === 'lockAsyncAbort') setTimeout(() => controller.abort(), op.afterMs);
            const options =
              op.kind === 'lockAsyncTimeout'
                ? { timeoutMs: op.timeoutMs }
                : op.kind === 'lockAsyncAbort'
                  ? { signal: controller.signal }
                  : {};
            if (op.kind === 'waitAsync') {
              await mutex.lockAsync();
              await condition.waitAsync(mutex, { timeoutMs: op.timeoutMs });
              if (!mutex.isHeldByCurrentThread) mainViolations++;
            }
            const taken =
              op.kind === 'waitAsync' ||
              (await mutex.lockAsync(options).then(
                () => true,
                (error: Error) => {
                  expect(['TimeoutError', 'AbortError']).toContain(error.name);
                  return false;
                },
              ));
            if (!taken) continue;
            const before = cells[0] as number;
            if (cells[1] !== before) mainViolations++;
            cells[0] = before + 1;
            await Promise.resolve();
            cells[1] = before + 1;
            mainEntered++;
            mutex.unlock();
          }
          const done = await withinDeadline(Promise.all(reports), 'lock mixture');
          const entered = done.reduce((sum, report) => sum + report.entered, mainEntered);
          expect(done.reduce((sum, report) => sum + report.violations, mainViolations)).toBe(0);
          expect(cells[0]).toBe(entered);
          expect(mutex.isLocked).toBe(false);
        },
      ),
      { numRuns: 700, seed },
    );
  });
});
