import { on, once } from 'node:events';
import { Worker } from 'node:worker_threads';
import { describe, expect, it } from 'vitest';
import { Condition } from './condition.js';
import { Mutex } from './mutex.js';

const fixture = (name: string) => new URL(`../../test/fixtures/${name}`, import.meta.url);

interface Report {
  token: number;
  step: string;
  result?: boolean;
  held?: boolean;
  value?: number;
  woken?: number;
}

/** A condition scenario on another thread, with a pull-style reader of its reports. */
function start(op: string, shared: Shared, extra: Record<string, unknown> = {}) {
  const worker = new Worker(fixture('condition-worker.mjs'), {
    workerData: {
      op,
      mutex: shared.mutex.handle,
      condition: shared.condition.handle,
      state: shared.state.buffer,
      ...extra,
    },
  });
  // Listening from the start: a report that arrives while the test awaits something else is kept.
  const reports = on(worker, 'message');
  const next = async (step: string): Promise<Report> => {
    const { value } = await reports.next();
    const [report] = value as [Report];
    expect(report.step).toBe(step);
    return report;
  };
  return { worker, next };
}

interface Shared {
  mutex: Mutex;
  condition: Condition;
  state: Int32Array;
}

function shared(): Shared {
  return { mutex: new Mutex(), condition: new Condition(), state: new Int32Array(new SharedArrayBuffer(8)) };
}

describe('Condition on one thread', () => {
  it('waiting without holding the mutex throws, and changes nothing', async () => {
    const { mutex, condition } = shared();
    expect(() => condition.wait(mutex)).toThrow(expect.objectContaining({ name: 'MutexError', code: 'not_owner' }));
    expect(() => condition.waitFor(mutex, () => true)).toThrow(/waitFor\(\) needs the mutex/);
    await expect(condition.waitAsync(mutex)).rejects.toThrow(/waitAsync\(\) needs the mutex/);
    expect(mutex.isLocked).toBe(false);
    expect(condition.notifyAll()).toBe(0);
  });

  it('a timed-out wait returns false holding the mutex again', async () => {
    const { mutex, condition } = shared();
    mutex.lock();
    expect(condition.wait(mutex, 0)).toBe(false);
    expect(mutex.isHeldByCurrentThread).toBe(true);
    expect(condition.wait(mutex, 5)).toBe(false);
    expect(mutex.isHeldByCurrentThread).toBe(true);
    expect(condition.waitFor(mutex, () => false, 5)).toBe(false);
    expect(condition.waitFor(mutex, () => true, 0)).toBe(true);
    expect(await condition.waitAsync(mutex, { timeoutMs: 5 })).toBe(false);
    expect(mutex.isHeldByCurrentThread).toBe(true);
    expect(condition.notifyOne()).toBe(0);
    mutex.unlock();
  });

  it.each([Number.NaN, -1, '5', null])('rejects the timeout %s with a RangeError naming it', async (timeoutMs) => {
    const { mutex, condition } = shared();
    mutex.lock();
    expect(() => condition.wait(mutex, timeoutMs as number)).toThrow(/^wait: timeoutMs must be a number/);
    expect(() => condition.waitFor(mutex, () => false, timeoutMs as number)).toThrow(/^waitFor: timeoutMs must/);
    await expect(condition.waitAsync(mutex, { timeoutMs: timeoutMs as number })).rejects.toThrow(RangeError);
    expect(mutex.isHeldByCurrentThread).toBe(true);
    mutex.unlock();
  });

  it('an aborted waitAsync rejects with the reason, holding the mutex again', async () => {
    const { mutex, condition } = shared();
    mutex.lock();
    await expect(condition.waitAsync(mutex, { signal: AbortSignal.abort('early') })).rejects.toBe('early');
    expect(mutex.isHeldByCurrentThread).toBe(true);
    const controller = new AbortController();
    const waiting = condition.waitAsync(mutex, { signal: controller.signal });
    // While it waits, the mutex is free for others (here: this thread's other tasks).
    expect(mutex.isLocked).toBe(false);
    controller.abort(new Error('stop'));
    await expect(waiting).rejects.toThrow('stop');
    expect(mutex.isHeldByCurrentThread).toBe(true);
    // It left: nobody is counted as waiting.
    expect(condition.notifyAll()).toBe(0);
    mutex.unlock();
  });

  it('shares a caller-provided slot, and its handle survives structured cloning', () => {
    const buffer = new SharedArrayBuffer(Condition.BYTES * 2);
    const condition = new Condition(buffer, Condition.BYTES);
    expect(Condition.from(structuredClone(condition.handle)).handle.byteOffset).toBe(Condition.BYTES);
    expect(() => new Condition(buffer, 2)).toThrow(RangeError);
    expect(() => new Condition(buffer, Condition.BYTES + 4)).toThrow(/needs 64 bytes/);
    expect(() => new Condition(new ArrayBuffer(64) as unknown as SharedArrayBuffer)).toThrow(TypeError);
  });
});

describe('Condition across threads', () => {
  it('notifyOne wakes a waiting thread, which returns holding the mutex, and reports 1', async () => {
    const s = shared();
    const waiter = start('waitFor', s, { target: 1 });
    await waiter.next('waiting');
    // The waiter reported while holding the mutex: once this thread has it, the waiter is waiting.
    s.mutex.lock();
    s.state[0] = 1;
    expect(s.condition.notifyOne()).toBe(1);
    expect(s.condition.notifyOne()).toBe(0);
    s.mutex.unlock();
    const report = await waiter.next('woken');
    expect(report).toMatchObject({ result: true, held: true, value: 1 });
    await waiter.worker.terminate();
  });

  it('notifyAll wakes every waiting thread and reports how many', async () => {
    const s = shared();
    const waiters = Array.from({ length: 4 }, () => start('waitFor', s, { target: 1 }));
    await Promise.all(waiters.map((waiter) => waiter.next('waiting')));
    s.mutex.lock();
    s.state[0] = 1;
    expect(s.condition.notifyAll()).toBe(4);
    expect(s.condition.notifyAll()).toBe(0);
    s.mutex.unlock();
    for (const waiter of waiters) expect(await waiter.next('woken')).toMatchObject({ result: true, held: true });
    await Promise.all(waiters.map((waiter) => waiter.worker.terminate()));
  });

  it('a thread that starts waiting after a notifyAll cannot take the wake-up of one already waiting', async () => {
    const s = shared();
    const early = start('waitFor', s, { target: 1 });
    await early.next('waiting');
    await s.mutex.lockAsync();
    s.state[0] = 1;
    expect(s.condition.notifyAll()).toBe(1);
    // This thread now waits too, releasing the mutex before the early waiter can take it again.
    const late = s.condition.waitAsync(s.mutex, { timeoutMs: 50 });
    expect(await early.next('woken')).toMatchObject({ result: true, held: true });
    expect(await late).toBe(false);
    expect(s.mutex.isHeldByCurrentThread).toBe(true);
    s.mutex.unlock();
    await early.worker.terminate();
  });

  it('the main thread waits with waitAsync and is woken by a worker', async () => {
    const s = shared();
    await s.mutex.lockAsync();
    const woken = s.condition.waitAsync(s.mutex);
    // The event loop runs while it waits (a timer fires), and the mutex is free for the worker.
    await new Promise((resolve) => setTimeout(resolve, 1));
    const notifier = start('notify', s, { value: 7 });
    expect(await woken).toBe(true);
    expect(s.mutex.isHeldByCurrentThread).toBe(true);
    expect(s.state[0]).toBe(7);
    s.mutex.unlock();
    expect(await notifier.next('notified')).toMatchObject({ woken: 1 });
    await notifier.worker.terminate();
  });

  it('two threads take 20,000 turns each without a lost wake-up', async () => {
    const s = shared();
    const rounds = 20_000;
    const players = [0, 1].map((turn) => start('pingPong', s, { turn, rounds }));
    await Promise.all(players.map((player) => player.next('done')));
    expect(s.state[1]).toBe(2 * rounds);
    await Promise.all(players.map((player) => player.worker.terminate()));
  });
});

describe('a bounded buffer shared by workers (the README example)', () => {
  it('passes 2,000,000 items from 2 producers to 3 consumers, none lost or duplicated', async () => {
    const { BoundedBuffer } = (await import(fixture('bounded-buffer.mjs').href)) as {
      BoundedBuffer: { create(capacity: number): { handle: unknown; put(item: number): void } };
    };
    const queue = BoundedBuffer.create(64);
    const producers = 2;
    const consumers = 3;
    const perProducer = 1_000_000;
    const total = producers * perProducer;
    const seen = new Uint8Array(new SharedArrayBuffer(total));
    const spawn = (data: Record<string, unknown>) =>
      new Worker(fixture('producer-consumer-worker.mjs'), { workerData: { buffer: queue.handle, ...data } });
    const producing = Array.from({ length: producers }, (_, index) =>
      spawn({ role: 'producer', first: index * perProducer, count: perProducer }),
    );
    const consuming = Array.from({ length: consumers }, () => spawn({ role: 'consumer', seen: seen.buffer }));
    const consumed = consuming.map(async (worker) => ((await once(worker, 'message'))[0] as { taken: number }).taken);
    await Promise.all(producing.map((worker) => once(worker, 'message')));
    for (let index = 0; index < consumers; index++) queue.put(-1);
    const taken = await Promise.all(consumed);
    expect(taken.reduce((sum, count) => sum + count, 0)).toBe(total);
    let wrong = 0;
    for (let id = 0; id < total; id++) if (seen[id] !== 1) wrong++;
    expect(wrong).toBe(0);
    await Promise.all([...producing, ...consuming].map((worker) => worker.terminate()));
  });
});
