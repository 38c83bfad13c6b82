import { describe, expect, it } from 'vitest';
import { CONFIG_BOUNDS, ExperimentConfigSchema } from './config.js';
import { fieldIssues } from './issues.js';
import { integerRangeMessage } from './messages.js';

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
