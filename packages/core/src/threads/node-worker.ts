/**
 * Worker entry for Node.js, Bun and Deno (`worker_threads`). The build bundles it with everything
 * it imports into one CommonJS file, `dist/threads/node-worker.cjs`: a worker thread then starts
 * without Node's ESM loader and a dozen module lookups, which is most of what spawning one costs.
 */
import { parentPort } from 'node:worker_threads';
import { serveRuns } from '../trial/index.js';

const port = parentPort;
if (!port) throw new Error('@racelab/core node-worker.cjs must be started as a worker thread');
serveRuns({
  post: (message) => port.postMessage(message),
  onCommand: (handle) => port.on('message', handle),
});
