import { describe, expect, it } from 'vitest';
import { RUN_SUMMARY_COLUMNS, runSummaryCsvHeader, runSummaryCsvRow } from './run-summary-csv.js';
import type { RunSummary } from './stored-run.js';

const summary: RunSummary = {
  id: 'r1',
  createdAt: '2026-12-03T12:00:00.000Z',
  status: 'completed',
  strategy: 'none',
  workers: 10,
  iterations: 100_000,
  trials: 1,
  lostUpdatesMedian: 420_000,
  opsPerSecondMedian: 1.5e7,
  host: 'lab "one", room 2\nnorth',
  source: 'api',
  verified: true,
};

describe('run summary CSV', () => {
  it('has a header of every summary column, and rows in the same order', () => {
    expect(runSummaryCsvHeader()).toBe(`${RUN_SUMMARY_COLUMNS.join(',')}\r\n`);
    expect(RUN_SUMMARY_COLUMNS.slice(0, 3)).toEqual(['id', 'createdAt', 'endedAt']);
    const cells = runSummaryCsvRow(summary);
    expect(cells.startsWith('r1,2026-12-03T12:00:00.000Z,,completed,none,10,100000,1,420000,15000000,')).toBe(true);
    expect(cells.endsWith('\r\n')).toBe(true);
  });

  it('quotes a field holding commas, quotes or line breaks, doubling its quotes', () => {
    expect(runSummaryCsvRow(summary)).toContain('"lab ""one"", room 2\nnorth"');
  });
});
