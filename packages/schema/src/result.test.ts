import { describe, expect, it } from 'vitest';
import { rollbackStory } from './format/trace.js';
import { experimentConfigJsonSchema, experimentResultJsonSchema, progressSnapshotJsonSchema } from './json-schema.js';
import { type ExperimentResult, ExperimentResultSchema } from './result.js';

/** A result as core produces it (taken from a real 2 × 1,000 `none` run). */
const realResult: ExperimentResult = {
  id: '7d1b6a86-58a3-4a5e-9d36-5d8c8d9a52f7',
  status: 'completed',
  config: { strategy: 'none', workers: 2, iterations: 1000, trials: 1 },
  expected: 2000,
  trials: [
    {
      actual: 1873,
      lostUpdates: 127,
      spawnMs: 41.2,
      runMs: 0.31,
      opsPerSecond: 6451612.9,
      workers: [
        { index: 0, increments: 1000, runMs: 0.3 },
        { index: 1, increments: 1000, runMs: 0.31 },
      ],
    },
  ],
  summary: {
    correct: false,
    lostUpdates: { min: 127, median: 127, max: 127 },
    opsPerSecond: { min: 6451612.9, median: 6451612.9, max: 6451612.9 },
  },
  environment: { node: 'v20.20.2', v8: '11.3.244.8-node.33', platform: 'linux', arch: 'x64', cpus: 2 },
  startedAt: '2026-11-27T12:00:00.000Z',
  finishedAt: '2026-11-27T12:00:00.050Z',
};

describe('ExperimentResultSchema', () => {
  it('accepts a real result', () => {
    expect(ExperimentResultSchema.parse(realResult)).toEqual(realResult);
  });

  it('requires lostUpdates to be expected − actual', () => {
    const trial = { ...realResult.trials[0]!, lostUpdates: 0 };
    expect(ExperimentResultSchema.safeParse({ ...realResult, trials: [trial] }).success).toBe(false);
  });

  it('requires an error exactly when the run did not complete', () => {
    expect(ExperimentResultSchema.safeParse({ ...realResult, status: 'failed' }).success).toBe(false);
    const failed = { ...realResult, status: 'failed', error: { code: 'worker_crashed', message: 'worker 1 threw' } };
    expect(ExperimentResultSchema.safeParse(failed).success).toBe(true);
    expect(ExperimentResultSchema.safeParse({ ...failed, status: 'completed' }).success).toBe(false);
  });

  it('names the runtime, and still accepts results made before it did', () => {
    const bun = {
      runtime: { name: 'bun', version: '1.4.5' },
      node: 'v26.3.0',
      platform: 'linux',
      arch: 'x64',
      cpus: 2,
    };
    const browser = {
      runtime: { name: 'browser', version: 'Mozilla/5.0 (X11; Linux x86_64) Chrome/156.0.0.0' },
      userAgent: 'Mozilla/5.0 (X11; Linux x86_64) Chrome/156.0.0.0',
      platform: 'linux',
      cpus: 8,
    };
    for (const environment of [bun, browser, realResult.environment]) {
      expect(ExperimentResultSchema.safeParse({ ...realResult, environment }).success).toBe(true);
    }
    const unknown = { ...bun, runtime: { name: 'rhino', version: '1' } };
    expect(ExperimentResultSchema.safeParse({ ...realResult, environment: unknown }).success).toBe(false);
  });

  it('carries warnings that did not change the outcome', () => {
    const warnings = [
      { code: 'worker_exited_late', message: 'worker 3 exited with code 1 after reporting its results' },
    ];
    expect(ExperimentResultSchema.safeParse({ ...realResult, warnings }).success).toBe(true);
    const unknown = [{ code: 'it_rained', message: '' }];
    expect(ExperimentResultSchema.safeParse({ ...realResult, warnings: unknown }).success).toBe(false);
  });

  it('rejects an unknown error code and a bad timestamp', () => {
    const failed = { ...realResult, status: 'failed', error: { code: 'oops', message: '' } };
    expect(ExperimentResultSchema.safeParse(failed).success).toBe(false);
    expect(ExperimentResultSchema.safeParse({ ...realResult, startedAt: 'yesterday' }).success).toBe(false);
  });
});

describe('fairness fields (lock strategies)', () => {
  const waitMs = { p50: 0, p99: 0.004, max: 12.5 };
  const lockTrial = {
    ...realResult.trials[0]!,
    actual: 2000,
    lostUpdates: 0,
    workers: [
      { index: 0, increments: 1000, runMs: 0.3, contended: 3, waits: 1, share: 1.2, waitMs },
      { index: 1, increments: 1000, runMs: 0.31, contended: 5, waits: 2, share: 0.8, waitMs },
    ],
    fairness: { jainIndex: 0.96, leastShare: 0.8, waitMs, timedAcquisitions: 8 },
  };
  const lockResult = { ...realResult, config: { ...realResult.config, strategy: 'mutex' }, trials: [lockTrial] };

  it('are accepted, and results without them (older ones) still are', () => {
    expect(ExperimentResultSchema.parse(lockResult)).toEqual(lockResult);
    expect(ExperimentResultSchema.safeParse(realResult).success).toBe(true);
  });

  it('must be in range', () => {
    const withFairness = (fairness: object) => ({
      ...lockResult,
      trials: [{ ...lockTrial, fairness: { ...lockTrial.fairness, ...fairness } }],
    });
    expect(ExperimentResultSchema.safeParse(withFairness({ jainIndex: 1.2 })).success).toBe(false);
    expect(ExperimentResultSchema.safeParse(withFairness({ leastShare: -0.1 })).success).toBe(false);
    expect(ExperimentResultSchema.safeParse(withFairness({ waitMs: { p50: 0, p99: 1 } })).success).toBe(false);
  });
});

type JsonSchema = {
  $schema?: string;
  $ref?: string;
  $defs?: Record<string, JsonSchema>;
  properties?: Record<string, { minimum?: number; maximum?: number }>;
  required?: string[];
};

/** The root schema refers to its own definition in `$defs` (the schemas carry ids). */
function rootOf(schema: JsonSchema): JsonSchema {
  const name = schema.$ref?.replace('#/$defs/', '');
  return (name && schema.$defs?.[name]) || schema;
}

describe('trace fields', () => {
  const trace = {
    repeatedReads: 100,
    readsAboveFinal: 27,
    rollbacks: {
      count: 3,
      erased: 40,
      biggest: [{ seenBy: 1, iteration: 500, from: 900, to: 870, erased: 30, writer: 0 }],
    },
    pairs: [
      [2, 98],
      [98, 0],
    ],
    views: [{ worker: 0, points: [[0, 0] as [number, number], [999, 1800] as [number, number]] }],
  };
  const traced = { ...realResult.trials[0]!, trace };

  it('are accepted on a traced trial, and results made before tracing (no trace key) still parse', () => {
    const parsed = ExperimentResultSchema.parse({ ...realResult, trials: [traced] });
    expect(parsed.trials[0]?.trace).toEqual(trace);
    expect(ExperimentResultSchema.parse(realResult).config.trace).toBeUndefined();
  });

  it('must account for every lost update', () => {
    const wrong = { ...traced, trace: { ...trace, readsAboveFinal: 26 } };
    const parsed = ExperimentResultSchema.safeParse({ ...realResult, trials: [wrong] });
    expect(parsed.success).toBe(false);
    expect(parsed.error?.issues[0]?.path).toEqual(['trials', 0, 'trace']);
  });

  it('keep views to 500 points a worker and rollbacks positive', () => {
    const points = Array.from({ length: 501 }, (_, index) => [index, index] as [number, number]);
    const tooMany = { ...traced, trace: { ...trace, views: [{ worker: 0, points }] } };
    expect(ExperimentResultSchema.safeParse({ ...realResult, trials: [tooMany] }).success).toBe(false);
    const flat = { seenBy: 0, iteration: 1, from: 5, to: 5, erased: 0 };
    const noRollback = { ...traced, trace: { ...trace, rollbacks: { ...trace.rollbacks, biggest: [flat] } } };
    expect(ExperimentResultSchema.safeParse({ ...realResult, trials: [noRollback] }).success).toBe(false);
  });

  it('appear in the JSON Schema with the contract names', () => {
    const text = JSON.stringify(experimentResultJsonSchema());
    for (const name of [
      'repeatedReads',
      'readsAboveFinal',
      'rollbacks',
      'biggest',
      'seenBy',
      'writer',
      'pairs',
      'views',
    ]) {
      expect(text).toContain(`"${name}"`);
    }
  });
});

describe('JSON Schemas', () => {
  it('describes the result for non-TypeScript users', () => {
    const schema = experimentResultJsonSchema() as JsonSchema;
    expect(schema.$schema).toBe('https://json-schema.org/draft/2020-12/schema');
    expect(Object.keys(rootOf(schema).properties ?? {})).toEqual(
      expect.arrayContaining(['id', 'status', 'config', 'expected', 'trials', 'summary', 'environment', 'error']),
    );
    expect(JSON.parse(JSON.stringify(schema))).toEqual(schema);
  });

  it('describes the config with its bounds and nothing required', () => {
    const schema = rootOf(experimentConfigJsonSchema() as JsonSchema);
    expect(schema.properties?.workers).toMatchObject({ minimum: 1, maximum: 256 });
    expect(schema.properties?.iterations).toMatchObject({ minimum: 1, maximum: 100_000_000 });
    expect(schema.required ?? []).toEqual([]);
  });

  it('describes progress snapshots', () => {
    const schema = rootOf(progressSnapshotJsonSchema() as JsonSchema);
    expect(schema.required).toEqual(expect.arrayContaining(['runId', 'counter', 'workers', 'elapsedMs']));
  });
});

describe('rollbackStory', () => {
  it('tells a rollback in words, naming the writer when the logs could', () => {
    const rollback = { seenBy: 6, iteration: 60_614, from: 421_020, to: 259_504, erased: 161_516, writer: 1 };
    expect(rollbackStory(rollback)).toBe(
      'w6 read 421,019 and wrote 421,020; w1, paused since it read 259,503, then wrote 259,504: 161,516 updates erased at once',
    );
    expect(rollbackStory({ seenBy: 0, iteration: 3, from: 11, to: 10, erased: 1 })).toBe(
      'w0 read 10 and wrote 11; another thread, paused since it read 9, then wrote 10: 1 update erased',
    );
  });
});
