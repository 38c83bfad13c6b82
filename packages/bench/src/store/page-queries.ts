import type { RunCriteria } from '@racelab/store';
import { SEED_HOSTS, seedGroup, seedTime } from './seed.js';

export interface PageQuery {
  name: string;
  criteria: RunCriteria;
}

/** The pages the bench times: unfiltered, each filter alone, and the history view's strategy + host + since. */
export function pageQueries(seedRuns: number): PageQuery[] {
  const at = (fraction: number) => seedTime(Math.floor(seedRuns * fraction));
  const host = SEED_HOSTS[6]!;
  return [
    { name: 'unfiltered', criteria: {} },
    { name: 'strategy=none', criteria: { strategy: 'none' } },
    { name: 'status=failed', criteria: { status: 'failed' } },
    { name: 'runtime=deno', criteria: { runtime: 'deno' } },
    { name: `host=${host}`, criteria: { host } },
    { name: 'source=submitted', criteria: { source: 'submitted' } },
    { name: 'group=(one group)', criteria: { group: seedGroup(Math.floor(seedRuns / 2)) } },
    { name: 'since=(newest 10 %)', criteria: { since: at(0.9) } },
    { name: 'until=(oldest 10 %)', criteria: { until: at(0.1) } },
    { name: `strategy+host+since (half)`, criteria: { strategy: 'none', host, since: at(0.5) } },
  ];
}

/** The index a plan line names (SQLite `USING INDEX x`, PostgreSQL `Index Scan … using x`), if any. */
export function indexOf(plan: readonly string[]): string | null {
  for (const line of plan) {
    const match =
      /USING (?:COVERING )?INDEX (\w+)/i.exec(line) ??
      /Index (?:Only )?Scan(?: Backward)? using (\w+)/i.exec(line) ??
      /Bitmap Index Scan on (\w+)/i.exec(line);
    if (match) return match[1]!;
  }
  return null;
}

/** Whether the engine sorts the matches itself rather than reading them in index order. */
export function sortsRows(plan: readonly string[]): boolean {
  return plan.some((line) => /TEMP B-TREE FOR ORDER BY|(^|\s)Sort(\s|$)|->\s+Sort/i.test(line));
}
