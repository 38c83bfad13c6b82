import type { Environment } from '@racelab/schema';

const BROWSERS: ReadonlyArray<readonly [RegExp, string]> = [
  [/Firefox\/(\d+)/, 'Firefox'],
  [/Edg\/(\d+)/, 'Edge'],
  // Chrome and Chromium share the engine (and the user-agent token); name it by the engine.
  [/(?:HeadlessChrome|Chrome|Chromium)\/(\d+)/, 'Chromium'],
  [/Version\/(\d+)[.\d]* .*Safari\//, 'Safari'],
];

/** `Chromium 156`, `Firefox 140`: a user agent, as a person would say it. */
export function browserName(userAgent: string): string {
  for (const [pattern, name] of BROWSERS) {
    const version = pattern.exec(userAgent)?.[1];
    if (version) return `${name} ${version}`;
  }
  return 'this browser';
}

/** `Node v20.20.2`, `Bun 1.4.5`, `Chromium 156`: where a result was measured. */
export function runtimeLabel(environment: Environment): string {
  const { runtime } = environment;
  if (!runtime) return environment.node ? `Node ${environment.node}` : 'an unknown runtime';
  switch (runtime.name) {
    case 'node':
      return `Node ${runtime.version}`;
    case 'bun':
      return `Bun ${runtime.version}`;
    case 'deno':
      return `Deno ${runtime.version}`;
    case 'browser':
      return browserName(environment.userAgent ?? runtime.version);
  }
}

/** `threads` on a server, `Web Workers` in a browser. */
export function threadWord(environment: Environment): string {
  return environment.runtime?.name === 'browser' ? 'Web Workers' : 'threads';
}
