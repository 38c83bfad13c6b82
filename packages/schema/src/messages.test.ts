import { describe, expect, it } from 'vitest';
import { CONFIG_BOUNDS, ExperimentConfigSchema } from './config.js';
import { fieldIssues } from './issues.js';
import { formatInteger, integerRangeMessage } from './messages.js';

describe('integerRangeMessage', () => {
  it('names the range with grouped digits, whatever the locale', () => {
    expect(integerRangeMessage(1, 256)).toBe('must be an integer from 1 to 256');
    expect(integerRangeMessage(0, 65_535)).toBe('must be an integer from 0 to 65,535');
    expect(integerRangeMessage(1, 100_000_000)).toBe('must be an integer from 1 to 100,000,000');
  });

  it('is the message the config schema gives for every bounded field', () => {
    for (const [field, { min, max }] of Object.entries(CONFIG_BOUNDS)) {
      const parsed = ExperimentConfigSchema.safeParse({ [field]: max + 1 });
      expect(parsed.success).toBe(false);
      if (!parsed.success)
        expect(fieldIssues(parsed.error)).toEqual([{ field, message: integerRangeMessage(min, max) }]);
    }
  });
});

describe('formatInteger', () => {
  it('groups digits exactly as en-US toLocaleString does, without loading ICU for integers', () => {
    const values = [
      0,
      1,
      -1,
      999,
      1000,
      -1000,
      65_535,
      999_999,
      1_000_000,
      2 ** 31 - 1,
      -(2 ** 31),
      Number.MAX_SAFE_INTEGER,
    ];
    for (let digits = 1; digits <= 16; digits++) values.push(10 ** digits - 1, 10 ** digits, -(10 ** digits) + 1);
    for (const value of values) expect(formatInteger(value)).toBe(value.toLocaleString('en-US'));
  });

  it('leaves what is not a safe integer to toLocaleString', () => {
    expect(formatInteger(1234.5678)).toBe('1,234.568');
    expect(formatInteger(Number.NaN)).toBe('NaN');
    expect(formatInteger(2 ** 60)).toBe((2 ** 60).toLocaleString('en-US'));
  });
});
