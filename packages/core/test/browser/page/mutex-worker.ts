/** A Web Worker that adds to a shared counter under a racelab Mutex it shares with the page. */
import { Mutex, type MutexHandle } from '@racelab/core';

interface Job {
  handle: MutexHandle;
  counter: Int32Array;
  increments: number;
}

addEventListener('message', (event: MessageEvent<Job>) => {
  const { handle, counter, increments } = event.data;
  const mutex = Mutex.from(handle);
  for (let index = 0; index < increments; index++) {
    mutex.lock();
    // A plain read, add, write: safe only because the lock is held.
    counter[0] = (counter[0] as number) + 1;
    mutex.unlock();
  }
  postMessage('done');
});
