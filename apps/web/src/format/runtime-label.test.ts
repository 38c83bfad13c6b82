import type { Environment } from '@racelab/schema';
import { describe, expect, it } from 'vitest';
import { browserName, runtimeLabel, threadWord } from './runtime-label.js';

const CHROMIUM =
  'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) HeadlessChrome/156.0.0.0 Safari/537.36';

describe('runtime labels', () => {
  it('name browsers by engine and major version', () => {
    expect(browserName(CHROMIUM)).toBe('Chromium 156');
    expect(browserName('Mozilla/5.0 (X11; Linux x86_64; rv:140.0) Gecko/20100101 Firefox/140.0')).toBe('Firefox 140');
    expect(
      browserName(
        'Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.4 Safari/605.1.15',
      ),
    ).toBe('Safari 18');
    expect(browserName('curl/8.0')).toBe('this browser');
  });

  it('name the server runtime, and results from before runtimes were recorded', () => {
    const node: Environment = { runtime: { name: 'node', version: 'v20.20.2' }, platform: 'linux', cpus: 2 };
    expect(runtimeLabel(node)).toBe('Node v20.20.2');
    expect(threadWord(node)).toBe('threads');
    expect(runtimeLabel({ node: 'v20.1.0', platform: 'linux', cpus: 2 })).toBe('Node v20.1.0');
    const browser: Environment = {
      runtime: { name: 'browser', version: CHROMIUM },
      userAgent: CHROMIUM,
      platform: 'linux',
      cpus: 2,
    };
    expect(runtimeLabel(browser)).toBe('Chromium 156');
    expect(threadWord(browser)).toBe('Web Workers');
  });
});
