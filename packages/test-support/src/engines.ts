import { existsSync } from 'node:fs';

/** The three browser engines racelab is tested on, each a browser Debian ships (no download). */
export const ENGINES = ['chromium', 'firefox', 'webkit'] as const;
export type Engine = (typeof ENGINES)[number];

/** What each engine needs on disk, each path overridable by an environment variable. */
export interface EngineBinaries {
  chromium: string;
  firefox: string;
  /** WebKitGTK's WebDriver (package webkit2gtk-driver) and the browser it drives. */
  webkitDriver: string;
  miniBrowser: string;
  xvfb: string;
}

export function engineBinaries(env: NodeJS.ProcessEnv = process.env): EngineBinaries {
  return {
    chromium: env.RACELAB_CHROMIUM ?? env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    firefox: env.RACELAB_FIREFOX ?? '/usr/bin/firefox-esr',
    webkitDriver: env.RACELAB_WEBKIT_DRIVER ?? '/usr/bin/WebKitWebDriver',
    miniBrowser: env.RACELAB_MINIBROWSER ?? `/usr/lib/${debianMultiarch()}/webkit2gtk-4.1/MiniBrowser`,
    xvfb: env.RACELAB_XVFB ?? '/usr/bin/Xvfb',
  };
}

function debianMultiarch(): string {
  return process.arch === 'arm64' ? 'aarch64-linux-gnu' : 'x86_64-linux-gnu';
}

const PACKAGES: Record<Engine, { files: (keyof EngineBinaries)[]; apt: string; variables: string }> = {
  chromium: { files: ['chromium'], apt: 'chromium', variables: 'RACELAB_CHROMIUM' },
  firefox: { files: ['firefox'], apt: 'firefox-esr', variables: 'RACELAB_FIREFOX' },
  webkit: {
    files: ['webkitDriver', 'miniBrowser', 'xvfb'],
    apt: 'webkit2gtk-driver xvfb',
    variables: 'RACELAB_WEBKIT_DRIVER, RACELAB_MINIBROWSER, RACELAB_XVFB',
  },
};

/** Why `engine` cannot start on this machine, in one line, or undefined when it can. */
export function missingEngine(engine: Engine, binaries: EngineBinaries = engineBinaries()): string | undefined {
  const { files, apt, variables } = PACKAGES[engine];
  const missing = files.map((file) => binaries[file]).filter((path) => !existsSync(path));
  if (missing.length === 0) return undefined;
  return `${engine}: no ${missing.join(', ')} (apt-get install ${apt}, or set ${variables})`;
}

/**
 * For a suite about to use `engine`: true when it can run. Otherwise prints the reason and returns
 * false so the suite is skipped, except under CI (which installs every engine), where it throws.
 */
export function engineAvailable(engine: Engine, suite: string, env: NodeJS.ProcessEnv = process.env): boolean {
  const reason = missingEngine(engine, engineBinaries(env));
  if (reason === undefined) return true;
  if (env.CI === 'true' || env.CI === '1') throw new Error(`${suite}: ${reason}`);
  console.warn(`${suite}: skipped, ${reason}`);
  return false;
}
