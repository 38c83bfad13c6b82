import { describe, expect, it } from 'vitest';
import { formatJainIndex, formatShare, formatShareRange, formatWait } from './fairness.js';

describe('fairness figures', () => {
  it("write Jain's index and shares with two decimals", () => {
    expect(formatJainIndex(0.9919)).toBe('0.99');
    expect(formatShare(1.0234)).toBe('1.02×');
  });

  it('give a group of workers the range of their shares', () => {
    expect(formatShareRange([0.91])).toBe('0.91×');
    expect(formatShareRange([1.09, 0.91, 1])).toBe('0.91–1.09×');
    expect(formatShareRange([1.001, 0.999])).toBe('1.00×');
    expect(formatShareRange([])).toBeUndefined();
  });

  it('write waits from microseconds to seconds, and none as 0', () => {
    expect(formatWait(0)).toBe('0 ms');
    expect(formatWait(0.0004)).toBe('0.4 µs');
    expect(formatWait(0.412)).toBe('0.41 ms');
    expect(formatWait(3.2109)).toBe('3.21 ms');
    expect(formatWait(12.4)).toBe('12.40 ms');
    expect(formatWait(512.4)).toBe('512 ms');
  });
});
