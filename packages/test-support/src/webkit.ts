import { createServer } from 'node:net';
import { engineBinaries } from './engines.js';
import type { DriverPage, Untyped } from './page.js';
import { Cleanup, spawnGroup } from './processes.js';
import { startXvfb } from './xvfb.js';

/**
 * WebKit, Safari's engine: WebKitGTK's MiniBrowser, started in automation mode by WebKitWebDriver
 * (Debian's webkit2gtk-driver) on a display of its own, driven by WebdriverIO.
 */
/** How long one evaluate may run: long enough for any bench round, short of forever. */
const SCRIPT_TIMEOUT_MS = 600_000;

export async function openWebKit(): Promise<DriverPage> {
  const binaries = engineBinaries();
  const cleanup = new Cleanup();
  try {
    const display = await startXvfb(binaries.xvfb);
    cleanup.add(() => display.stop());
    const port = await freePort();
    const driver = spawnGroup(binaries.webkitDriver, [`--port=${port}`, '--host=127.0.0.1'], {
      stdio: ['ignore', 'ignore', 'pipe'],
      // MiniBrowser inherits this. Safari turns SharedArrayBuffer on for isolated pages; this
      // WebKitGTK build leaves it off until JavaScriptCore is told to.
      env: { ...process.env, DISPLAY: display.display, JSC_useSharedArrayBuffer: '1' },
    });
    cleanup.add(() => driver.stop());
    await waitForDriver(`http://127.0.0.1:${port}/status`, driver.exited);
    const { remote } = await import('webdriverio');
    const browser = await remote({
      hostname: '127.0.0.1',
      port,
      logLevel: 'error',
      capabilities: {
        // WebKitGTK's own capability (not in WebdriverIO's types): which browser to start, and how.
        ...({ 'webkitgtk:browserOptions': { binary: binaries.miniBrowser, args: ['--automation'] } } as object),
        browserName: 'MiniBrowser',
        // WebKitWebDriver speaks classic WebDriver; no BiDi socket to ask for.
        'wdio:enforceWebDriverClassic': true,
      },
    });
    cleanup.add(async () => {
      await browser.deleteSession().catch(() => undefined);
    });
    // WebDriver gives a script 30 s by default; a bench round on a busy machine can take longer.
    await browser.setTimeout({ script: SCRIPT_TIMEOUT_MS });
    const execute = browser.execute.bind(browser) as unknown as (fn: Untyped, arg: unknown) => Promise<unknown>;
    return {
      browserVersion: `webkitgtk/${browser.capabilities.browserVersion ?? 'unknown'}`,
      goto: async (url) => {
        await browser.url(url);
      },
      evaluate: (fn, arg) => execute(fn as Untyped, arg) as Promise<never>,
      click: async (selector) => {
        await browser.$(selector).click();
      },
      waitFor: async (fn, arg, timeoutMs) => {
        await browser.waitUntil(async () => (await execute(fn as Untyped, arg)) === true, {
          timeout: timeoutMs,
          interval: 50,
        });
      },
      close: () => cleanup.run(),
    };
  } catch (error) {
    return cleanup.failed(error);
  }
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });
}

/** Until the driver answers its status endpoint, it is still starting (it prints nothing when ready). */
async function waitForDriver(statusUrl: string, exited: Promise<string>): Promise<void> {
  let gone: string | undefined;
  void exited.then((reason) => {
    gone = reason;
  });
  const deadline = Date.now() + 30_000;
  while (gone === undefined) {
    const ready = await fetch(statusUrl)
      .then((response) => response.ok)
      .catch(() => false);
    if (ready) return;
    if (Date.now() > deadline) throw new Error(`WebKitWebDriver did not answer ${statusUrl} within 30 s`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(gone);
}
