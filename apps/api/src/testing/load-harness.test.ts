import { describe, expect, it } from 'vitest';
import { runLoad } from './load-harness.js';
import { formatLoadReport } from './load-report.js';

// The CI-sized form of `pnpm --filter @racelab/api load` (README): same harness, a few seconds.
describe('a short load on 127.0.0.1', () => {
  it('holds 20 event streams and 4 GET loops while runs execute back to back', async () => {
    const report = await runLoad({ durationMs: 6_000, sseClients: 20, getLoops: 4 });
    console.log(formatLoadReport(report));
    expect(report.failures).toEqual([]);
    expect(report.errors).toBe(0);
    expect(report.runs.length).toBeGreaterThanOrEqual(4);
    expect(new Set(report.runs.map((run) => run.strategy)).size).toBe(4);
    expect(report.sse.completed).toBe(report.sse.opened);
    expect(report.leftover).toEqual({ listeners: 0, busyThreads: 0 });
  });
});
