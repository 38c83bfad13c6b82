/** Worker entry for Node.js, Bun and Deno (`worker_threads`). */
import { parentChannel } from './node-threads.js';
import { serveRuns } from './worker.js';

serveRuns(parentChannel());
