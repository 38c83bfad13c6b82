import { describe, expect, it, vi } from 'vitest';
import { engineAvailable, engineBinaries, missingEngine } from './engines.js';

const NOWHERE = '/nonexistent/racelab';

describe('missing engines', () => {
  it('names the missing file, the package that has it and the variable to point elsewhere', () => {
    const binaries = engineBinaries({ RACELAB_FIREFOX: `${NOWHERE}/firefox` });
    expect(missingEngine('firefox', binaries)).toBe(
      `firefox: no ${NOWHERE}/firefox (apt-get install firefox-esr, or set RACELAB_FIREFOX)`,
    );
    const webkit = engineBinaries({ RACELAB_XVFB: `${NOWHERE}/Xvfb`, RACELAB_MINIBROWSER: `${NOWHERE}/MiniBrowser` });
    expect(missingEngine('webkit', webkit)).toMatch(
      /^webkit: no .*MiniBrowser, .*Xvfb \(apt-get install webkit2gtk-driver xvfb/,
    );
  });

  it('skips with a printed reason locally, and fails under CI', () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    expect(engineAvailable('chromium', 'suite', { RACELAB_CHROMIUM: NOWHERE })).toBe(false);
    expect(warn).toHaveBeenCalledWith(expect.stringMatching(/^suite: skipped, chromium: no \/nonexistent/));
    warn.mockRestore();
    expect(() => engineAvailable('chromium', 'suite', { RACELAB_CHROMIUM: NOWHERE, CI: 'true' })).toThrow(
      /^suite: chromium: no \/nonexistent\/racelab \(apt-get install chromium/,
    );
  });
});
