import { describe, expect, it } from 'vitest';
import { runLoad } from './load-harness.js';
import { formatLoadReport } from './load-report.js';

// The CI-sized form of `pnpm --filter @racelab/api load` (README): same harness and checks, bounded by a
// count of runs rather than a duration, so that a busy machine runs each strategy too (only slower).
describe('a short load and soak on 127.0.0.1', () => {
  it('holds 20 event streams and 4 GET loops while runs execute back to back, and grows nothing', {
    timeout: 90_000,
  }, async () => {
    const report = await runLoad({ runs: 12, sseClients: 20, getLoops: 4, history: 20 });
    console.log(formatLoadReport(report));
    expect(report.failures).toEqual([]);
    expect(Object.keys(report.runs).sort()).toEqual(['atomic', 'mutex', 'none', 'spinlock']);
    expect(report.sse.completed).toBe(report.sse.opened);
    expect(report.after.heapUsedMb).toBeLessThanOrEqual(report.before.heapUsedMb * 1.1);
    expect(report.after.runListeners).toBe(0);
  });
});
