export type { Host, Run, RunStatus } from './api-schemas.js';
export { RunListSchema, RunSchema, RunStatusSchema, StrategyListSchema } from './api-schemas.js';
export { type AppOptions, type AppType, createApp } from './app.js';
export { type ApiLimits, DEFAULT_LIMITS } from './limits.js';
export { RunQueue, type RunQueueOptions } from './runs/run-queue.js';
export { type RunningServer, type ServerOptions, startServer } from './server.js';
export { RunKeeper, type RunKeeperOptions } from './store/run-keeper.js';
