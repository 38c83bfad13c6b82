/**
 * The core's conformance suite for every runtime: plain JavaScript with no test framework, so that
 * Node.js, Bun and Deno each run it directly (`node|bun test/conformance.mjs`,
 * `deno run -A test/conformance.mjs`) against the built package. Vitest runs the full suite on
 * Node.js and Deno; it does not load on Bun, so this is what checks Bun. It ends with the plain line
 * "N passed, N failed, N skipped" and exits 1 if anything failed.
 */

import { ExperimentRunner, Mutex, RunAbortedError, runExperiment } from '@racelab/core';
import { currentEnvironment, threadBackend, withFault } from '@racelab/core/internal';
import { ExperimentResultSchema } from '@racelab/schema';

const runtime = currentEnvironment().runtime;
const cores = currentEnvironment().cpus;
const results = { passed: 0, failed: 0, skipped: 0 };

function check(condition, message) {
  if (!condition) throw new Error(message);
}

function equal(actual, expected, what) {
  const [a, e] = [JSON.stringify(actual), JSON.stringify(expected)];
  check(a === e, `${what}: expected ${e}, got ${a}`);
}

async function test(name, body, { skip } = {}) {
  if (skip) {
    results.skipped++;
    console.log(`- skip ${name} (${skip})`);
    return;
  }
  try {
    await body();
    results.passed++;
    console.log(`✓ ${name}`);
  } catch (error) {
    results.failed++;
    console.log(`✗ ${name}\n    ${error?.stack ?? error}`);
  }
}

console.log(`racelab core conformance on ${runtime.name} ${runtime.version} (${threadBackend}, ${cores} CPUs)`);
const runner = new ExperimentRunner();

await test('the seed experiment: mutex exact at 10 × 100,000, a valid result naming this runtime', async () => {
  const result = await runExperiment({ strategy: 'mutex' });
  equal(ExperimentResultSchema.parse(result), result, 'schema round trip');
  equal([result.status, result.expected, result.trials[0].actual], ['completed', 1_000_000, 1_000_000], 'outcome');
  const name = globalThis.Deno ? 'deno' : globalThis.Bun ? 'bun' : 'node';
  equal(result.environment.runtime.name, name, 'environment.runtime.name');
  check(result.environment.runtime.version.length > 0, 'environment.runtime.version is empty');
});

for (const strategy of ['none', 'mutex', 'spinlock', 'atomic']) {
  await test(`${strategy}: every trial and every worker reports a real run time`, async () => {
    const result = await runner.run({ strategy, workers: 4, iterations: 200_000, trials: 3 });
    for (const trial of result.trials) {
      check(trial.runMs > 0 && trial.opsPerSecond > 0, `runMs ${trial.runMs}, opsPerSecond ${trial.opsPerSecond}`);
      for (const worker of trial.workers) check(worker.runMs > 0, `worker ${worker.index} runMs ${worker.runMs}`);
      if (strategy !== 'none') equal(trial.actual, result.expected, 'actual');
      else check(trial.actual <= result.expected, `none counted ${trial.actual} > ${result.expected}`);
    }
  });
}

await test(
  'none loses updates (10 × 1,000,000, up to 5 runs)',
  async () => {
    let lost = 0;
    for (let attempt = 0; attempt < 5 && lost === 0; attempt++) {
      const result = await runner.run({ strategy: 'none', workers: 10, iterations: 1_000_000 });
      lost = result.trials[0].lostUpdates;
    }
    check(lost > 0, 'no update was lost in 5 runs');
  },
  { skip: cores < 2 ? 'needs 2 or more cores' : undefined },
);

for (const strategy of ['none', 'mutex', 'spinlock', 'atomic']) {
  await test(`${strategy} traced: the trace accounts for every lost update in every trial`, async () => {
    const result = await runner.run({ strategy, workers: 4, iterations: 100_000, trials: 3, trace: true });
    equal(ExperimentResultSchema.parse(result), result, 'schema round trip');
    for (const trial of result.trials) {
      const { repeatedReads, readsAboveFinal } = trial.trace;
      equal(repeatedReads + readsAboveFinal, trial.lostUpdates, 'repeatedReads + readsAboveFinal');
      if (strategy !== 'none') equal([repeatedReads, readsAboveFinal], [0, 0], 'a lock: 0 and 0');
    }
  });
}

await test('the warm runner reuses its threads', async () => {
  const fresh = new ExperimentRunner();
  try {
    await fresh.run({ strategy: 'atomic', workers: 3, iterations: 10 });
    const again = await fresh.run({ strategy: 'mutex', workers: 3, iterations: 1_000 });
    equal([fresh.threads, again.trials[0].actual], [3, 3_000], 'threads, actual');
  } finally {
    await fresh.close();
  }
  equal(fresh.threads, 0, 'threads after close');
});

await test('an abort mid-run stops every worker and rejects with the cancelled run', async () => {
  const controller = new AbortController();
  const error = await runner
    .run(
      { strategy: 'spinlock', workers: 8, iterations: 50_000_000 },
      { signal: controller.signal, onProgress: () => controller.abort(new Error('enough')) },
    )
    .catch((caught) => caught);
  check(error instanceof RunAbortedError, `expected a RunAbortedError, got ${error}`);
  equal(error.result.error, { code: 'cancelled', message: 'the run was cancelled: enough' }, 'error');
  equal(runner.idleThreads, runner.threads, 'idle threads');
});

await test('a run past its time limit ends failed with code timeout', async () => {
  const result = await runner.run({ strategy: 'mutex', workers: 2, iterations: 100_000_000 }, { timeoutMs: 100 });
  equal([result.status, result.error?.code], ['failed', 'timeout'], 'outcome');
});

const faults = [
  ['throw', 'barrier', 'failed', 'worker_crashed'],
  ['exit', 'holding-lock', 'failed', 'lock_owner_died'],
  ['terminate', 'holding-lock', 'failed', 'lock_owner_died'],
  ['exit', 'after-done', 'completed', undefined],
];
for (const [kind, at, status, code] of faults) {
  await test(`a worker that dies (${kind} at ${at}): ${code ?? status}, then the next run is exact`, async () => {
    const result = await runner.run(
      { strategy: 'mutex', workers: 3, iterations: 200_000, trials: 2 },
      withFault({ timeoutMs: 30_000 }, { worker: 1, kind, at }),
    );
    equal([result.status, result.error?.code], [status, code], 'outcome');
    if (at === 'after-done') equal(result.warnings?.[0]?.code, 'worker_exited_late', 'warning');
    const next = await runner.run({ strategy: 'mutex', workers: 3, iterations: 10_000 });
    equal(next.trials[0].actual, 30_000, 'next run');
  });
}

await test('bad options are a RangeError naming the option', async () => {
  const error = await runner.run({}, { timeoutMs: Number.NaN }).catch((caught) => caught);
  check(error instanceof RangeError && error.message.startsWith('timeoutMs'), String(error));
});

await test('Mutex: lockAsync on the main thread waits for a holder and takes the lock', async () => {
  const mutex = new Mutex();
  mutex.lock();
  const waiting = mutex.lockAsync({ timeoutMs: 10_000 });
  mutex.unlock();
  await waiting;
  check(mutex.isLocked, 'not locked after lockAsync');
  mutex.unlock();
});

await runner.close();
equal(runner.threads, 0, 'threads after close');
console.log(`${results.passed} passed, ${results.failed} failed, ${results.skipped} skipped`);
if (results.failed > 0) process.exitCode = 1;
