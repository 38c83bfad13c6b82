/**
 * A thread killed at every step of `lock`, `unlock` and a `Condition` wait: the others recover,
 * with `releaseAbandoned(token)` at once, or on their own within a bounded park. Each victim blocks
 * at its step (a test-only hook, `mutex-steps.ts`) and is terminated there.
 */
import { Worker } from 'node:worker_threads';
import { describe, expect, it } from 'vitest';
import { Condition } from './condition.js';
import { Mutex } from './mutex.js';
import type { LockStep } from './mutex-steps.js';

const fixture = new URL('../../test/fixtures/lock-step-worker.mjs', import.meta.url);

interface Message {
  type: 'ready' | 'step' | 'blocked' | 'holding' | 'done' | 'consumed';
  token: number;
  step?: LockStep;
  violations?: number;
}

class Thread {
  readonly worker: Worker;
  readonly #inbox: Message[] = [];
  readonly #waiting: Array<() => void> = [];
  exited = false;

  constructor(data: Record<string, unknown>) {
    this.worker = new Worker(fixture, { workerData: data });
    this.worker.on('message', (message: Message) => {
      this.#inbox.push(message);
      for (const wake of this.#waiting.splice(0)) wake();
    });
    this.worker.on('exit', () => {
      this.exited = true;
      for (const wake of this.#waiting.splice(0)) wake();
    });
  }

  /** The first message that matches (already received or still to come). */
  async next(match: (message: Message) => boolean): Promise<Message> {
    for (;;) {
      const found = this.#inbox.findIndex(match);
      if (found >= 0) return this.#inbox.splice(found, 1)[0] as Message;
      if (this.exited) throw new Error('the thread exited before sending that message');
      await new Promise<void>((resolve) => this.#waiting.push(resolve));
    }
  }

  type(type: Message['type']): Promise<Message> {
    return this.next((message) => message.type === type);
  }

  step(step: LockStep): Promise<Message> {
    return this.next((message) => message.type === 'step' && message.step === step);
  }
}

interface Scene {
  mutex: Mutex;
  condition: Condition;
  control: Int32Array;
  data: Int32Array;
  spawn(op: string, extra?: Record<string, unknown>): Thread;
  /**
   * Whichever thread blocked at its step first, and its token. A thread that ends without blocking
   * (it ran out of iterations first) is no failure while another may still block.
   */
  blocked(threads: Thread[]): Promise<{ victim: Thread; token: number }>;
}

function scene(blockAt?: LockStep): Scene {
  const mutex = new Mutex();
  const condition = new Condition();
  const control = new Int32Array(new SharedArrayBuffer(16));
  const data = new Int32Array(new SharedArrayBuffer(64 * 4));
  let spawned = 0;
  return {
    mutex,
    condition,
    control,
    data,
    spawn: (op, extra = {}) =>
      new Thread({
        op,
        blockAt,
        index: spawned++,
        mutex: mutex.handle,
        condition: condition.handle,
        control: control.buffer,
        data: data.buffer,
        ...extra,
      }),
    async blocked(threads) {
      try {
        const first = await Promise.any(
          threads.map(async (thread) => ({ thread, message: await thread.type('blocked') })),
        );
        return { victim: first.thread, token: first.message.token };
      } catch {
        throw new Error(`none of the ${threads.length} threads blocked at ${blockAt}: all exited first`);
      }
    },
  };
}

const ITERATIONS = 2_000;

/** The survivors finish every iteration, never overlap, and leave the lock free. */
async function survivorsFinish(s: Scene, survivors: Thread[]): Promise<void> {
  const done = await Promise.all(survivors.map((thread) => thread.type('done')));
  expect(done.reduce((sum, message) => sum + (message.violations ?? 0), 0)).toBe(0);
  expect(s.mutex.isLocked).toBe(false);
  await Promise.all(survivors.map((thread) => thread.worker.terminate()));
}

/** Three threads parked on a lock this thread holds. */
async function parkedBehindMain(s: Scene, extra: Record<string, unknown> = {}): Promise<Thread[]> {
  s.mutex.lock();
  const threads = [0, 1, 2].map(() => s.spawn('lockLoop', { iterations: ITERATIONS, ...extra }));
  await Promise.all(threads.map((thread) => thread.step('lock:parking')));
  return threads;
}

it('a thread killed holding the lock: releaseAbandoned(token) frees it and the others go on', async () => {
  const s = scene();
  const victim = s.spawn('holdThenUnlock');
  const { token } = await victim.type('holding');
  const waiters = [0, 1].map(() => s.spawn('lockLoop', { iterations: ITERATIONS }));
  await Promise.all(waiters.map((thread) => thread.step('lock:parking')));
  await victim.worker.terminate();
  // The lock word cannot tell a dead owner from a slow one: only the recoverer frees it.
  expect(s.mutex.owner).toBe(token);
  expect(s.mutex.releaseAbandoned(token)).toBe(true);
  expect(s.mutex.owner).not.toBe(token);
  await survivorsFinish(s, waiters);
});

describe.each([
  ['with releaseAbandoned(token)', true],
  ['on their own (bounded parks)', false],
])('a thread killed inside the lock: the others recover %s', (_, release) => {
  it('killed after marking the lock PARKED, before parking (lock:parking)', async () => {
    const s = scene('lock:parking');
    s.mutex.lock();
    const victim = s.spawn('lockLoop', { iterations: ITERATIONS });
    const { token } = await s.blocked([victim]);
    await victim.worker.terminate();
    const waiters = [0, 1].map(() => s.spawn('lockLoop', { iterations: ITERATIONS }));
    s.mutex.unlock();
    if (release) expect(s.mutex.releaseAbandoned(token)).toBe(false);
    await survivorsFinish(s, waiters);
  });

  it('killed right after it was woken to take the lock (lock:woken)', async () => {
    const s = scene('lock:woken');
    const threads = await parkedBehindMain(s);
    s.mutex.unlock();
    const { victim, token } = await s.blocked(threads);
    await victim.worker.terminate();
    if (release) expect(s.mutex.releaseAbandoned(token)).toBe(false);
    await survivorsFinish(
      s,
      threads.filter((thread) => thread !== victim),
    );
  });

  it('killed right after the lock was handed to it, before taking it (unlockFair, lock:woken)', async () => {
    const s = scene('lock:woken');
    const threads = await parkedBehindMain(s);
    s.mutex.unlockFair();
    expect(s.mutex.isLocked).toBe(true);
    expect(s.mutex.owner).toBe(0);
    const { victim, token } = await s.blocked(threads);
    await victim.worker.terminate();
    if (release) expect(s.mutex.releaseAbandoned(token)).toBe(false);
    await survivorsFinish(
      s,
      threads.filter((thread) => thread !== victim),
    );
  });

  it.each([
    ['unlock (the next in line due)', false],
    ['unlockFair', true],
  ] as const)('killed in %s after handing the lock over, before waking the waiter', async (_, fair) => {
    const step = 'unlock:handing-off';
    // Three threads wait behind this one, then take turns: the first of them to release the lock
    // while another waits in line is killed there. A plain unlock hands over only once the watcher
    // has woken and marked the word DUE, which on a busy machine may take longer than any fixed
    // number of turns: they take turns until the kill, then ITERATIONS more each.
    const s = scene(step);
    const threads = await parkedBehindMain(s, { fair, untilStopped: true });
    s.mutex.unlockFair();
    const { victim, token } = await s.blocked(threads);
    await victim.worker.terminate();
    if (release) expect(s.mutex.releaseAbandoned(token)).toBe(false);
    Atomics.store(s.control, 2, 1);
    await survivorsFinish(
      s,
      threads.filter((thread) => thread !== victim),
    );
  });
});

describe('a thread killed inside a Condition wait: the others still get their items', () => {
  async function produce(s: Scene, items: number): Promise<void> {
    await s.mutex.lockAsync();
    s.data[2] = (s.data[2] as number) + items;
    s.condition.notifyAll();
    s.mutex.unlock();
  }

  it('killed counted as a waiter, holding the mutex (wait:registered)', async () => {
    const s = scene('wait:registered');
    const victim = s.spawn('consume');
    const { token } = await s.blocked([victim]);
    await victim.worker.terminate();
    expect(s.mutex.releaseAbandoned(token)).toBe(true);
    const consumer = s.spawn('consume');
    await consumer.step('wait:released');
    await produce(s, 1);
    await consumer.type('consumed');
    expect(s.data[2]).toBe(0);
    await consumer.worker.terminate();
  });

  it('killed after releasing the mutex, before parking (wait:released)', async () => {
    const s = scene('wait:released');
    const victim = s.spawn('consume');
    await s.blocked([victim]);
    await victim.worker.terminate();
    const consumer = s.spawn('consume');
    await consumer.step('wait:released');
    await produce(s, 1);
    await consumer.type('consumed');
    await consumer.worker.terminate();
  });

  it('killed right after a notification woke it, before taking the mutex (wait:woken)', async () => {
    const s = scene('wait:woken');
    const consumers = [0, 1].map(() => s.spawn('consume'));
    await Promise.all(consumers.map((thread) => thread.step('wait:released')));
    await s.mutex.lockAsync();
    s.data[2] = 1;
    expect(s.condition.notifyOne()).toBe(1);
    s.mutex.unlock();
    const { victim } = await s.blocked(consumers);
    await victim.worker.terminate();
    // The signal it took with it is still there for the other consumer, who takes it within a
    // bounded park.
    const survivor = consumers.find((thread) => thread !== victim) as Thread;
    await survivor.type('consumed');
    expect(s.data[2]).toBe(0);
    await survivor.worker.terminate();
  });
});

describe('threads killed at random moments (seeded)', () => {
  it('20 kills among 4 threads: after each releaseAbandoned, the lock keeps working', async () => {
    let seed = 0x5eed;
    const random = () => {
      seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
      return seed / 2 ** 32;
    };
    const s = scene();
    const spawn = (index: number) => s.spawn('randomLoop', { seed: Math.floor(random() * 2 ** 31), index });
    const threads = [0, 1, 2, 3].map(spawn);
    const kills = 20;
    for (let kill = 0; kill < kills; kill++) {
      const index = Math.floor(random() * threads.length);
      const victim = threads[index] as Thread;
      const { token } = await victim.type('ready');
      // Let it run a random while, the lock busy with all four, then kill it wherever it is.
      await new Promise((resolve) => setTimeout(resolve, 1 + random() * 10));
      await victim.worker.terminate();
      s.mutex.releaseAbandoned(token);
      threads[index] = spawn(index);
    }
    Atomics.store(s.control, 2, 1);
    const done = await Promise.all(threads.map((thread) => thread.type('done')));
    // A kill inside the critical section leaves its two fields apart once; the next thread sees that.
    expect(done.reduce((sum, message) => sum + (message.violations ?? 0), 0)).toBeLessThanOrEqual(kills);
    expect(s.mutex.isLocked).toBe(false);
    s.mutex.lock();
    s.mutex.unlock();
    await Promise.all(threads.map((thread) => thread.worker.terminate()));
  });
});
