import { afterEach, describe, expect, it, vi } from 'vitest';
import { currentEnvironment } from './environment.js';

/** Runs `read` with the runtime globals replaced, and puts them back at once (synchronously). */
function withGlobals<T>(globals: Record<string, unknown>, read: () => T): T {
  for (const [name, value] of Object.entries(globals)) vi.stubGlobal(name, value);
  try {
    return read();
  } finally {
    vi.unstubAllGlobals();
  }
}

afterEach(() => {
  vi.unstubAllGlobals();
});

describe('currentEnvironment', () => {
  it('on Node.js: the runtime, node, v8, platform and arch', () => {
    expect(currentEnvironment(4)).toEqual({
      runtime: { name: 'node', version: process.version },
      node: process.version,
      v8: process.versions.v8,
      platform: process.platform,
      arch: process.arch,
      cpus: 4,
    });
  });

  it('carries the CPU model the thread adapter tells, and leaves out an empty one', () => {
    expect(currentEnvironment(4, 'AMD EPYC 9654').cpuModel).toBe('AMD EPYC 9654');
    expect(currentEnvironment(4, '')).not.toHaveProperty('cpuModel');
    expect(currentEnvironment(4, undefined)).not.toHaveProperty('cpuModel');
  });

  it("on Bun: Bun's version, and no v8 (Bun runs on JavaScriptCore)", () => {
    const environment = withGlobals({ Bun: { version: '1.4.5' } }, () => currentEnvironment(2));
    expect(environment).toEqual({
      runtime: { name: 'bun', version: '1.4.5' },
      node: process.version,
      platform: process.platform,
      arch: process.arch,
      cpus: 2,
    });
  });

  it("on Deno: Deno's version and its V8", () => {
    const Deno = { version: { deno: '2.9.6', v8: '15.0.245.2-rusty' } };
    const environment = withGlobals({ Deno }, () => currentEnvironment(2));
    expect(environment).toMatchObject({ runtime: { name: 'deno', version: '2.9.6' }, v8: '15.0.245.2-rusty' });
  });

  it('in a browser: the user agent, and the platform as Node.js spells it', () => {
    const userAgent = 'Mozilla/5.0 (Windows NT 10.0; Win64; x64) Chrome/156.0.0.0 Safari/537.36';
    const navigator = { userAgent, platform: 'Win32', userAgentData: { platform: 'Windows' } };
    const environment = withGlobals({ process: undefined, navigator }, () => currentEnvironment(8));
    expect(environment).toEqual({
      runtime: { name: 'browser', version: userAgent },
      userAgent,
      platform: 'win32',
      cpus: 8,
    });
    const mac = withGlobals({ process: undefined, navigator: { userAgent, platform: 'MacIntel' } }, () =>
      currentEnvironment(8),
    );
    expect(mac.platform).toBe('darwin');
  });
});
