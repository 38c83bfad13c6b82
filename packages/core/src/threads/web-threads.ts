/**
 * The thread adapter for Web Workers, used in browsers (the `browser` condition) and wherever a
 * global `Worker` is all there is. The worker is created the way bundlers look for it,
 * `new Worker(new URL('./web-worker.js', import.meta.url), { type: 'module' })`, so Vite, esbuild
 * and webpack emit it as a chunk of its own.
 *
 * Web Workers report no exit: an uncaught error fires `error` on the Worker (the worker itself may
 * linger, so it is terminated), and `terminate()` ends it without an event, so the adapter reports
 * the end itself.
 */

import type { RunCommand, WorkerMessage } from '../trial/index.js';
import type { ThreadBackend, ThreadEvents, WorkerThread } from './threads.js';

/** The part of the DOM's `Worker` used here (the core is compiled without the DOM library). */
interface WebWorker {
  postMessage(message: unknown): void;
  terminate(): void;
  addEventListener(type: 'message', listener: (event: { data: WorkerMessage }) => void): void;
  addEventListener(type: 'error', listener: (event: { message?: string; preventDefault(): void }) => void): void;
  addEventListener(type: 'messageerror', listener: () => void): void;
}
declare const Worker: (new (url: URL, options: { type: 'module'; name?: string }) => WebWorker) | undefined;
declare const navigator: { hardwareConcurrency?: number } | undefined;

class WebWorkerThread implements WorkerThread {
  readonly #worker: WebWorker;
  readonly #events: ThreadEvents;
  #alive = true;

  constructor(events: ThreadEvents) {
    if (typeof Worker !== 'function') {
      throw new Error('this JavaScript runtime has no Worker: @racelab/core needs threads to run an experiment');
    }
    this.#events = events;
    this.#worker = new Worker(new URL('./web-worker.js', import.meta.url), { type: 'module', name: 'racelab' });
    this.#worker.addEventListener('message', (event) => events.message(event.data));
    this.#worker.addEventListener('error', (event) => {
      event.preventDefault();
      this.#end(new Error(event.message || 'the worker failed to load or threw'));
    });
    this.#worker.addEventListener('messageerror', () =>
      this.#end(new Error('a message from the worker could not be read')),
    );
  }

  post(command: RunCommand): void {
    this.#worker.postMessage(command);
  }

  async terminate(): Promise<void> {
    this.#end(undefined);
  }

  #end(error: Error | undefined): void {
    if (!this.#alive) return;
    this.#alive = false;
    this.#worker.terminate();
    this.#events.ended(error, undefined);
  }
}

export const threads: ThreadBackend = {
  name: 'web-workers',
  spawn: (events) => new WebWorkerThread(events),
  availableParallelism: () => (typeof navigator === 'undefined' ? undefined : navigator?.hardwareConcurrency) || 1,
};
