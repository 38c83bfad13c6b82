import { describe, expect, it } from 'vitest';
import { footerLines } from './Footer.js';
import { workerRowBudget } from './layout.js';
import { step } from './settings.js';

describe('workerRowBudget', () => {
  it('leaves room for the rest of the view in a 24-line terminal', () => {
    // Notice and footer (2), description and two blank lines (3): the seed's 10 workers fit, 13 would.
    expect(workerRowBudget(24, 2 + 3)).toBe(13);
    expect(workerRowBudget(5, 2)).toBe(1);
  });
});

describe('settings steps', () => {
  it('walks workers and iterations within the contract bounds', () => {
    expect(step('workers', 10, 1)).toBe(16);
    expect(step('workers', 256, 1)).toBe(256);
    expect(step('workers', 1, -1)).toBe(1);
    expect(step('iterations', 100_000, 1)).toBe(1_000_000);
    expect(step('iterations', 100_000_000, 1)).toBe(100_000_000);
    expect(step('iterations', 12_345, -1)).toBe(10_000);
  });
});

describe('footerLines', () => {
  it('counts the lines the footer keys wrap to', () => {
    // The live keys take 89 columns: one line at 89, two at 88 and at 80 (h log wraps with q quit).
    expect(footerLines('live', 89)).toBe(1);
    expect(footerLines('live', 88)).toBe(2);
    expect(footerLines('live', 80)).toBe(2);
    expect(footerLines('live', 40)).toBe(3);
    expect(footerLines('compare', 60)).toBe(2);
    // While tracing, `x trace ✓` is two columns wider.
    expect(footerLines('live', 89, true)).toBe(2);
    expect(footerLines('history', 80)).toBe(1);
    expect(footerLines('trace', 80)).toBe(1);
  });
});
