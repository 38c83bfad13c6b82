import { describe, expect, it } from 'vitest';
import {
  CONFIG_BOUNDS,
  DEFAULT_CONFIG,
  ExperimentConfigSchema,
  MAX_TOTAL_INCREMENTS,
  MAX_TRACED_INCREMENTS,
  TRACE_TOO_LARGE,
} from './config.js';
import { configErrorCode, fieldIssues, formatIssues } from './issues.js';

function issuesOf(input: unknown) {
  const parsed = ExperimentConfigSchema.safeParse(input);
  if (parsed.success) throw new Error(`expected ${JSON.stringify(input)} to be rejected`);
  return { list: fieldIssues(parsed.error), text: formatIssues(parsed.error) };
}

describe('ExperimentConfigSchema', () => {
  it('defaults to the seed experiment: mutex, 10 workers × 100,000, one trial', () => {
    expect(ExperimentConfigSchema.parse({})).toEqual({
      strategy: 'mutex',
      workers: 10,
      iterations: 100_000,
      trials: 1,
    });
    expect(DEFAULT_CONFIG).toEqual(ExperimentConfigSchema.parse({}));
  });

  it('keeps given values', () => {
    expect(ExperimentConfigSchema.parse({ strategy: 'none', workers: 2, iterations: 5, trials: 3 })).toEqual({
      strategy: 'none',
      workers: 2,
      iterations: 5,
      trials: 3,
    });
  });

  it.each([
    ['workers', 0],
    ['workers', 257],
    ['iterations', 0],
    ['iterations', 100_000_001],
    ['trials', 0],
    ['trials', 101],
    ['workers', 1.5],
    ['workers', '10'],
    ['trials', null],
  ] as const)('rejects %s = %j naming the field and its range', (field, value) => {
    const { list, text } = issuesOf({ [field]: value });
    const { min, max } = CONFIG_BOUNDS[field];
    expect(list).toEqual([
      { field, message: `must be an integer from ${min.toLocaleString('en-US')} to ${max.toLocaleString('en-US')}` },
    ]);
    expect(text).toContain(`${field}: must be an integer from`);
  });

  it('accepts the bounds themselves', () => {
    expect(() => ExperimentConfigSchema.parse({ workers: 1, iterations: 1, trials: 1 })).not.toThrow();
    expect(() => ExperimentConfigSchema.parse({ workers: 256, iterations: 1000, trials: 100 })).not.toThrow();
    expect(() => ExperimentConfigSchema.parse({ workers: 1, iterations: 100_000_000 })).not.toThrow();
  });

  it('rejects an unknown strategy, listing the valid ones', () => {
    const { list } = issuesOf({ strategy: 'semaphore' });
    expect(list[0]?.field).toBe('strategy');
    expect(list[0]?.message).toBe('must be one of none, mutex, spinlock, atomic');
  });

  it('rejects unknown fields by name', () => {
    expect(issuesOf({ workers: 2, thread: 4 }).list).toEqual([{ field: 'thread', message: 'is not a known field' }]);
  });

  it('rejects a non-object body', () => {
    expect(issuesOf([1, 2]).list[0]?.field).toBe('(root)');
    expect(issuesOf('mutex').list[0]?.field).toBe('(root)');
  });

  it('caps workers × iterations at the 32-bit counter', () => {
    const { list } = issuesOf({ workers: 256, iterations: 100_000_000 });
    expect(list).toHaveLength(1);
    expect(list[0]?.field).toBe('iterations');
    expect(list[0]?.message).toContain(MAX_TOTAL_INCREMENTS.toLocaleString('en-US'));
    expect(() => ExperimentConfigSchema.parse({ workers: 21, iterations: 100_000_000 })).not.toThrow();
    expect(() => ExperimentConfigSchema.parse({ workers: 22, iterations: 100_000_000 })).toThrow();
  });

  it('reports every bad field at once', () => {
    const { list } = issuesOf({ workers: 0, trials: 500, extra: true });
    expect(list.map((issue) => issue.field).sort()).toEqual(['extra', 'trials', 'workers']);
  });

  describe('trace', () => {
    it('is off by default and takes a boolean', () => {
      expect(ExperimentConfigSchema.parse({}).trace ?? false).toBe(false);
      expect(ExperimentConfigSchema.parse({ trace: false }).trace).toBe(false);
      expect(ExperimentConfigSchema.parse({ trace: true }).trace).toBe(true);
      expect(issuesOf({ trace: 'yes' }).list).toEqual([{ field: 'trace', message: 'must be true or false' }]);
    });

    it('caps workers × iterations at 16,777,216 when tracing, with its own code', () => {
      expect(MAX_TRACED_INCREMENTS).toBe(16_777_216);
      expect(() => ExperimentConfigSchema.parse({ trace: true, workers: 256, iterations: 65_536 })).not.toThrow();
      expect(() => ExperimentConfigSchema.parse({ trace: true, workers: 1, iterations: 16_777_216 })).not.toThrow();
      const parsed = ExperimentConfigSchema.safeParse({ trace: true, workers: 256, iterations: 65_537 });
      expect(parsed.success).toBe(false);
      if (parsed.success) return;
      expect(fieldIssues(parsed.error)).toEqual([
        {
          field: 'trace',
          message: 'workers × iterations must be at most 16,777,216 when trace is on (64 MiB of logs); got 16,777,472',
        },
      ]);
      expect(configErrorCode(parsed.error)).toBe(TRACE_TOO_LARGE);
      // Untraced, the same size is fine.
      expect(() => ExperimentConfigSchema.parse({ workers: 256, iterations: 65_537 })).not.toThrow();
    });

    it('keeps invalid_config for every other refusal', () => {
      const parsed = ExperimentConfigSchema.safeParse({ trace: true, workers: 0 });
      expect(parsed.success).toBe(false);
      if (!parsed.success) expect(configErrorCode(parsed.error)).toBe('invalid_config');
      const huge = ExperimentConfigSchema.safeParse({ trace: true, workers: 256, iterations: 100_000_000 });
      expect(huge.success).toBe(false);
      if (!huge.success) {
        expect(configErrorCode(huge.error)).toBe('invalid_config');
        expect(fieldIssues(huge.error).map((issue) => issue.field)).toEqual(['iterations']);
      }
    });
  });
});
