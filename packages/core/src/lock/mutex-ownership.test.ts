import { once } from 'node:events';
import { readdirSync, readFileSync } from 'node:fs';
import { Worker } from 'node:worker_threads';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { Mutex } from './mutex.js';
import { asyncParking, forcePolling } from './mutex-park.js';

const fixture = (name: string) => new URL(`../../test/fixtures/${name}`, import.meta.url);

interface Held {
  worker: Worker;
  token: number;
}

/** A worker that takes the lock and holds it until told to let go. */
async function holdInWorker(mutex: Mutex): Promise<Held> {
  const worker = new Worker(fixture('mutex-probe-worker.mjs'), {
    workerData: { handle: mutex.handle, op: 'lockThenHold' },
  });
  const [{ token }] = (await once(worker, 'message')) as [{ token: number }];
  return { worker, token };
}

describe('owner tokens', () => {
  it('come from the lock memory: one per thread and slot, shared by objects over the same buffer', () => {
    const buffer = new SharedArrayBuffer(Mutex.BYTES * 2);
    const first = new Mutex(buffer, 0);
    expect(first.token).toBe(1);
    expect(new Mutex(buffer, 0).token).toBe(1);
    expect(Mutex.from(first.handle).token).toBe(1);
    // Another slot is another lock, with its own tokens.
    expect(new Mutex(buffer, Mutex.BYTES).token).toBe(1);
    // A structured clone is another buffer object: it draws a new token from the same lock.
    expect(Mutex.from(structuredClone(first.handle)).token).toBe(2);
  });

  it('owner names the holder, and a relock through a second object still throws', () => {
    const mutex = new Mutex();
    const again = Mutex.from(mutex.handle);
    expect(mutex.owner).toBe(0);
    mutex.lock();
    expect(mutex.owner).toBe(mutex.token);
    expect(again.isHeldByCurrentThread).toBe(true);
    expect(() => again.lock()).toThrow(expect.objectContaining({ code: 'relock' }));
    again.unlock();
    expect(mutex.owner).toBe(0);
  });

  it('another thread gets another token, and owner shows it while it holds the lock', async () => {
    const mutex = new Mutex();
    const held = await holdInWorker(mutex);
    expect(held.token).not.toBe(mutex.token);
    expect(held.token).toBeGreaterThan(0);
    expect(mutex.owner).toBe(held.token);
    expect(mutex.isLocked).toBe(true);
    expect(mutex.isHeldByCurrentThread).toBe(false);
    expect(() => mutex.unlock()).toThrow(new RegExp(`held by token ${held.token}\\b`));
    held.worker.postMessage('release');
    await once(held.worker, 'message');
    expect(mutex.owner).toBe(0);
    await held.worker.terminate();
  });

  it('stats count a contended acquisition and the time it waited', async () => {
    const mutex = new Mutex();
    const held = await holdInWorker(mutex);
    expect(mutex.tryLock()).toBe(false);
    expect(mutex.stats).toMatchObject({ contended: 1, waitedMs: 0 });
    const acquired = mutex.lockAsync();
    held.worker.postMessage('release');
    await acquired;
    expect(mutex.stats.contended).toBe(2);
    expect(mutex.stats.waitedMs).toBeGreaterThan(0);
    mutex.unlock();
    // An uncontended acquisition adds nothing.
    const { waitedMs } = mutex.stats;
    mutex.lock();
    mutex.unlock();
    expect(mutex.stats).toMatchObject({ contended: 2, waitedMs });
    await held.worker.terminate();
  });

  it('releaseAbandoned checks its token', () => {
    const mutex = new Mutex();
    for (const token of [-1, 1.5, Number.NaN, 2 ** 29]) {
      expect(() => mutex.releaseAbandoned(token)).toThrow(RangeError);
    }
    expect(mutex.releaseAbandoned(0)).toBe(false);
  });
});

describe('timeouts', () => {
  const bad: unknown[] = [Number.NaN, -1, Number.NEGATIVE_INFINITY, '5', null, {}];

  it.each(bad)('tryLock(%s) throws a RangeError naming timeoutMs', (timeoutMs) => {
    const mutex = new Mutex();
    expect(() => mutex.tryLock(timeoutMs as number)).toThrow(/^tryLock: timeoutMs must be a number/);
    expect(() => mutex.tryLock(timeoutMs as number)).toThrow(RangeError);
    expect(mutex.isLocked).toBe(false);
  });

  it.each(bad)('lockAsync({ timeoutMs: %s }) rejects with a RangeError naming timeoutMs', async (timeoutMs) => {
    const mutex = new Mutex();
    await expect(mutex.lockAsync({ timeoutMs: timeoutMs as number })).rejects.toThrow(
      /^lockAsync: timeoutMs must be a number/,
    );
    expect(mutex.isLocked).toBe(false);
  });

  it('lockAsync rejects a signal that is not an AbortSignal', async () => {
    const mutex = new Mutex();
    await expect(mutex.lockAsync({ signal: {} as AbortSignal })).rejects.toThrow(TypeError);
  });

  it('Infinity means no limit, 0 means do not wait', async () => {
    const mutex = new Mutex();
    expect(mutex.tryLock(Number.POSITIVE_INFINITY)).toBe(true);
    mutex.unlock();
    await mutex.lockAsync({ timeoutMs: Number.POSITIVE_INFINITY });
    mutex.unlock();
    const held = await holdInWorker(mutex);
    expect(mutex.tryLock(0)).toBe(false);
    await expect(mutex.lockAsync({ timeoutMs: 0 })).rejects.toMatchObject({ name: 'TimeoutError' });
    await held.worker.terminate();
  });
});

describe('where a thread may not block (a browser main thread)', () => {
  afterEach(() => {
    vi.restoreAllMocks();
    vi.resetModules();
  });

  it('lock() and tryLock(timeout) throw and point to lockAsync, which works', async () => {
    // Atomics.wait throws on such a thread; the mutex finds that out once, when it loads.
    vi.spyOn(Atomics, 'wait').mockImplementation(() => {
      throw new TypeError('Atomics.wait cannot be called in this context');
    });
    vi.resetModules();
    const fresh = await import('./mutex.js');
    vi.restoreAllMocks();
    const mutex = new fresh.Mutex();
    expect(() => mutex.lock()).toThrow(expect.objectContaining({ name: 'MutexError', code: 'cannot_block' }));
    expect(() => mutex.lock()).toThrow(/lockAsync/);
    expect(() => mutex.tryLock(5)).toThrow(/tryLock\(timeoutMs\) cannot block/);
    expect(mutex.tryLock()).toBe(true);
    mutex.unlock();
    await mutex.lockAsync();
    expect(mutex.isHeldByCurrentThread).toBe(true);
    mutex.unlock();
  });
});

describe('lockAsync without Atomics.waitAsync (the polling fallback)', () => {
  afterEach(() => forcePolling(false));

  it('waits for a holder on another thread, and times out and aborts as documented', async () => {
    forcePolling(true);
    expect(asyncParking()).toBe('polling');
    const mutex = new Mutex();
    const held = await holdInWorker(mutex);
    await expect(mutex.lockAsync({ timeoutMs: 5 })).rejects.toMatchObject({ name: 'TimeoutError' });
    await expect(mutex.lockAsync({ signal: AbortSignal.timeout(5) })).rejects.toMatchObject({
      name: 'TimeoutError',
    });
    const acquired = mutex.lockAsync();
    held.worker.postMessage('release');
    await acquired;
    expect(mutex.isHeldByCurrentThread).toBe(true);
    mutex.unlock();
    await held.worker.terminate();
  });
});

describe('the lock is runtime-neutral', () => {
  it('no mutex or condition file imports a node: module', () => {
    const dir = new URL('./', import.meta.url);
    const files = readdirSync(dir).filter(
      (name) => /^(mutex|condition)[\w-]*\.ts$/.test(name) && !name.includes('.test.'),
    );
    expect(files).toContain('mutex.ts');
    for (const name of files) {
      expect(readFileSync(new URL(name, dir), 'utf8'), name).not.toMatch(/from ['"]node:|import\(['"]node:/);
    }
  });
});
