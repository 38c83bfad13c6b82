import { openChromium } from './chromium.js';
import type { Engine } from './engines.js';
import { openFirefox } from './firefox.js';
import { serveIsolated } from './isolated-server.js';
import type { DriverPage, IsolatedPage } from './page.js';
import { Cleanup } from './processes.js';
import { openWebKit } from './webkit.js';

const OPEN: Record<Engine, () => Promise<DriverPage>> = {
  chromium: openChromium,
  firefox: openFirefox,
  webkit: openWebKit,
};

/** Where the page comes from: a folder served cross-origin isolated here, or a server's own address. */
export type PageSource = { root: string } | { url: string };

/**
 * Starts `engine` (and whatever it needs: driver, display) and loads a cross-origin-isolated page on
 * 127.0.0.1. Fails with one clear line when the page is not isolated; every process it started is
 * stopped on close and when anything along the way fails.
 */
export async function openIsolatedPage(engine: Engine, source: PageSource): Promise<IsolatedPage> {
  const cleanup = new Cleanup();
  try {
    let url: string;
    if ('root' in source) {
      const server = await serveIsolated(source.root);
      cleanup.add(() => server.close());
      url = server.url;
    } else {
      url = source.url;
    }
    const page = await OPEN[engine]();
    cleanup.add(() => page.close());
    const load = async (path = '') => {
      const address = new URL(path, url).href;
      await page.goto(address);
      const isolated = await page.evaluate(
        () => (globalThis as { crossOriginIsolated?: boolean }).crossOriginIsolated === true,
        undefined,
      );
      if (!isolated) throw new Error(`${engine}: ${address} is not cross-origin isolated (COOP/COEP headers missing?)`);
    };
    await load();
    return {
      engine,
      url,
      browserVersion: page.browserVersion,
      evaluate: (fn, arg) => page.evaluate(fn, arg),
      click: (selector) => page.click(selector),
      waitFor: (fn, arg, timeoutMs) => page.waitFor(fn, arg, timeoutMs),
      ...(page.workerCount ? { workerCount: page.workerCount } : {}),
      reload: load,
      close: () => cleanup.run(),
    };
  } catch (error) {
    return cleanup.failed(error);
  }
}
