/** Worker entry for Web Workers (browsers). */
import type { RunCommand, WorkerMessage } from './protocol.js';
import { serveRuns } from './worker.js';

interface WorkerScope {
  postMessage(message: WorkerMessage): void;
  addEventListener(type: 'message', listener: (event: { data: RunCommand }) => void): void;
}

const scope = globalThis as unknown as WorkerScope;
serveRuns({
  post: (message) => scope.postMessage(message),
  onCommand: (handle) => scope.addEventListener('message', (event) => handle(event.data)),
});
