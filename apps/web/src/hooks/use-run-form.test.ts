import { describe, expect, it } from 'vitest';
import { fieldValue } from './use-run-form.js';

describe('fieldValue', () => {
  it('reads numbers with separators', () => {
    expect(fieldValue('100,000')).toBe(100_000);
    expect(fieldValue(' 1_000 ')).toBe(1000);
    expect(fieldValue('1e6')).toBe(1_000_000);
  });

  it('leaves an empty field to the default', () => {
    expect(fieldValue('  ')).toBeUndefined();
  });

  it('passes what is not a number through as typed, for the API to name', () => {
    expect(fieldValue('ten')).toBe('ten');
    expect(fieldValue('2.5')).toBe(2.5);
  });
});
