/** Worker entry for Web Workers (browsers). */
import type { RunCommand, WorkerMessage } from '../trial/index.js';
import { serveRuns } from '../trial/index.js';

interface WorkerScope {
  postMessage(message: WorkerMessage): void;
  addEventListener(type: 'message', listener: (event: { data: RunCommand }) => void): void;
}

const scope = globalThis as unknown as WorkerScope;
serveRuns({
  post: (message) => scope.postMessage(message),
  onCommand: (handle) => scope.addEventListener('message', (event) => handle(event.data)),
});
