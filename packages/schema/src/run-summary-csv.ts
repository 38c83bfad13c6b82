import { type RunSummary, RunSummarySchema } from './stored-run.js';

/** The columns of a run summary, in order: the header of every CSV export of the notebook. */
export const RUN_SUMMARY_COLUMNS = Object.keys(RunSummarySchema.shape) as ReadonlyArray<keyof RunSummary>;

/** One CSV field (RFC 4180): quoted when it holds a comma, a quote or a line break; absent is empty. */
function csvField(value: unknown): string {
  if (value === undefined || value === null) return '';
  const text = String(value);
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** The header row, ending in CRLF as RFC 4180 has it. */
export function runSummaryCsvHeader(): string {
  return `${RUN_SUMMARY_COLUMNS.join(',')}\r\n`;
}

/** One run summary as a CSV row (CRLF-terminated), its columns in `RUN_SUMMARY_COLUMNS` order. */
export function runSummaryCsvRow(summary: RunSummary): string {
  return `${RUN_SUMMARY_COLUMNS.map((column) => csvField(summary[column])).join(',')}\r\n`;
}
