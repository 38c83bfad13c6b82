export { launchChromium } from './chromium.js';
export {
  ENGINES,
  type Engine,
  type EngineBinaries,
  engineAvailable,
  engineBinaries,
  missingEngine,
} from './engines.js';
export { type IsolatedServer, serveIsolated } from './isolated-server.js';
export { openIsolatedPage, type PageSource } from './open-isolated-page.js';
export type { IsolatedPage, PageFunction } from './page.js';
