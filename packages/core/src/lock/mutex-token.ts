/**
 * Owner tokens. A lock's owner is named by a token drawn from the lock's own shared memory, not by
 * a thread id: that works the same on every runtime (no `node:worker_threads`), and a token is
 * unique among all threads that share the lock however they got its memory.
 *
 * A thread gets one token per lock: Mutex objects it builds over the same `SharedArrayBuffer`
 * object and byte offset share it, so a relock through a second object is still caught. (A buffer
 * received twice by `postMessage` arrives as two objects; those get two tokens.)
 */
import { LAST_TOKEN, MAX_TOKEN } from './mutex-word.js';

const tokens = new WeakMap<SharedArrayBuffer, Map<number, number>>();

export function tokenFor(buffer: SharedArrayBuffer, byteOffset: number, cells: Int32Array): number {
  let byOffset = tokens.get(buffer);
  if (!byOffset) {
    byOffset = new Map();
    tokens.set(buffer, byOffset);
  }
  let token = byOffset.get(byteOffset);
  if (token === undefined) {
    token = Atomics.add(cells, LAST_TOKEN, 1) + 1;
    if (token < 1 || token > MAX_TOKEN) {
      throw new RangeError(`this Mutex has handed out all of its ${MAX_TOKEN} owner tokens: use a new one`);
    }
    byOffset.set(byteOffset, token);
  }
  return token;
}
