import type { Run } from '@racelab/api';
import type { RunSource, StoredRunStatus, Strategy } from '@racelab/schema';

/** The choices of each History filter: the schema's values, listed here so the page loads no zod. */
export const STRATEGY_CHOICES = ['none', 'mutex', 'spinlock', 'atomic'] as const satisfies readonly Strategy[];
export const STATUS_CHOICES = [
  'completed',
  'failed',
  'cancelled',
  'running',
  'queued',
] as const satisfies readonly StoredRunStatus[];
export const RUNTIME_CHOICES = ['node', 'bun', 'deno', 'browser'] as const;
export const SOURCE_CHOICES = [
  'cli',
  'dashboard',
  'api',
  'browser',
  'bench',
  'submitted',
] as const satisfies readonly RunSource[];

// A value the schema gains must show up here too: these fail to compile until it is listed.
type Unlisted<All, Listed> = [Exclude<All, Listed>] extends [never] ? true : false;
export const EVERY_CHOICE_LISTED: [
  Unlisted<Strategy, (typeof STRATEGY_CHOICES)[number]>,
  Unlisted<StoredRunStatus, (typeof STATUS_CHOICES)[number]>,
  Unlisted<RunSource, (typeof SOURCE_CHOICES)[number]>,
  Unlisted<NonNullable<NonNullable<Run['result']>['environment']['runtime']>['name'], (typeof RUNTIME_CHOICES)[number]>,
] = [true, true, true, true];

export type GroupBy = 'runtime' | 'host';

/** `node v20.20.2`, `Chromium 131`-like for browsers (the user agent's last product), or `unknown`. */
export function runtimeLabel(run: Run): string {
  const runtime = run.result?.environment.runtime;
  if (!runtime) return 'unknown';
  if (runtime.name !== 'browser') return `${runtime.name} ${runtime.version}`;
  const product = /(Firefox|Edg|Chrome|Chromium|Safari)\/(\d+)/.exec(runtime.version);
  return product ? `${product[1] === 'Edg' ? 'Edge' : product[1]} ${product[2]}` : 'browser';
}

export function hostLabel(run: Run): string {
  return run.host ?? run.result?.environment.host ?? 'unknown host';
}

export function groupOf(run: Run, by: GroupBy): string {
  return by === 'runtime' ? runtimeLabel(run) : hostLabel(run);
}

/** The figures one run contributes to the chart: medians over its trials, or nothing before it ended. */
export function runFigures(run: Run): { lostUpdates: number; opsPerSecond: number } | undefined {
  const summary = run.result?.summary;
  if (!summary?.lostUpdates || !summary.opsPerSecond) return undefined;
  return { lostUpdates: summary.lostUpdates.median, opsPerSecond: summary.opsPerSecond.median };
}

export interface HistoryFilters {
  strategy: string;
  status: string;
  runtime: string;
  host: string;
  source: string;
  since: string;
  until: string;
}

export const NO_FILTERS: HistoryFilters = {
  strategy: '',
  status: '',
  runtime: '',
  host: '',
  source: '',
  since: '',
  until: '',
};

/** The query `GET /runs` takes: only the filters that are set, the host trimmed. */
export function filterQuery(filters: HistoryFilters): Record<string, string> {
  const query: Record<string, string> = {};
  for (const [name, value] of Object.entries(filters)) {
    const trimmed = value.trim();
    if (trimmed !== '') query[name] = trimmed;
  }
  return query;
}
