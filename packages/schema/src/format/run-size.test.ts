import { describe, expect, it } from 'vitest';
import { formatRunSize } from './run-size.js';

describe('formatRunSize', () => {
  it('names workers and increments, and trials only when there are several', () => {
    expect(formatRunSize({ workers: 10, iterations: 100_000, trials: 1 })).toBe('10 workers × 100,000 increments');
    expect(formatRunSize({ workers: 4, iterations: 1_000_000, trials: 5 })).toBe(
      '4 workers × 1,000,000 increments × 5 trials',
    );
  });

  it('has a short form for narrow places', () => {
    expect(formatRunSize({ workers: 256, iterations: 8_000_000, trials: 1 }, 'short')).toBe('256 × 8,000,000');
    expect(formatRunSize({ workers: 2, iterations: 10, trials: 100 }, 'short')).toBe('2 × 10 × 100 trials');
  });
});
