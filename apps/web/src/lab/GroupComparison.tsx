import type { Run } from '@racelab/api';
import { formatCount, formatPercent, formatRate, formatRunSize } from '@racelab/schema/format';
import { useEffect, useState } from 'preact/hooks';
import { api } from '../api/client.js';
import { problemFrom, problemFromError } from '../api/problem.js';
import { type GroupRow, groupRows, worstLost } from './group-rows.js';
import { LostBars } from './LostBars.js';

export interface GroupComparisonProps {
  group: string;
  /** The runs as the page follows them (live states); newer than the list while they run. */
  followed: readonly Run[];
}

/**
 * The same experiment on every host of a group (`GET /runs?group=…`), one row per host: the lost
 * updates of each trial, throughput, fairness and the runtime it ran on. Read again whenever one of
 * the followed runs changes state, so a host that fails (`host_lost`) shows which one it was.
 */
export function GroupComparison({ group, followed }: GroupComparisonProps) {
  const [listed, setListed] = useState<readonly Run[]>([]);
  const [problem, setProblem] = useState<string | undefined>(undefined);
  // A dependency of the effect below: the group is read again when a followed run changes state.
  const statuses = followed.map((run) => `${run.id}:${run.status}`).join(',');
  useEffect(() => {
    let current = true;
    api.runs
      .$get({ query: { group, limit: '100' } })
      .then(async (response) => {
        if (!current) return;
        if (!response.ok) return setProblem((await problemFrom(response)).message);
        const page = (await response.json()) as { runs: Run[] };
        if (current) {
          setListed(page.runs);
          setProblem(undefined);
        }
      })
      .catch((error: unknown) => current && setProblem(problemFromError(error).message));
    return () => {
      current = false;
    };
  }, [group, statuses]);
  const rows = groupRows(merge(listed, followed));
  const worst = worstLost(rows);
  const config = rows.length > 0 ? (followed[0] ?? listed[0])?.config : undefined;
  return (
    <section class="panel group" aria-labelledby="group-heading" data-group={group}>
      <h2 id="group-heading">Across hosts{config ? ` · ${config.strategy} · ${formatRunSize(config)}` : ''}</h2>
      <p class="hint">
        The same experiment on each host of the lab, at the same time (group{' '}
        <a href={`/?group=${encodeURIComponent(group)}`}>{group.slice(0, 8)}</a>).
      </p>
      {problem ? (
        <p class="error" role="alert">
          {problem}
        </p>
      ) : null}
      <div class="table-scroll">
        <table class="group-table" data-testid="group-table">
          <thead>
            <tr>
              <th scope="col">Host</th>
              <th scope="col">Lost updates, each trial</th>
              <th scope="col">Lost (median)</th>
              <th scope="col">Throughput (median)</th>
              <th scope="col">Fairness</th>
              <th scope="col">Runtime</th>
              <th scope="col">Status</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((row) => (
              <tr key={row.id} data-host={row.host} data-status={row.status}>
                <th scope="row">
                  <a href={`/?run=${encodeURIComponent(row.id)}`}>{row.host}</a>
                </th>
                <td>
                  <LostBars lostPerTrial={row.lostPerTrial} worst={worst} />
                  <span class="num trial-lost" data-testid="trial-lost">
                    {row.lostPerTrial.length > 0 ? row.lostPerTrial.map((lost) => formatCount(lost)).join(' · ') : '—'}
                  </span>
                </td>
                <td class={`num${row.lostMedian ? ' bad-text' : ''}`}>{lostText(row)}</td>
                <td class="num">{row.opsPerSecondMedian ? formatRate(row.opsPerSecondMedian) : '—'}</td>
                <td>{row.fairness ?? '—'}</td>
                <td data-testid="runtime-cell">
                  {row.runtime ?? '—'}
                  {row.runtime ? <span class="machine">{machineText(row)}</span> : null}
                </td>
                <td data-testid="status-cell">{row.errorCode ? `${row.status}: ${row.errorCode}` : row.status}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}

function lostText(row: GroupRow): string {
  if (row.lostMedian === undefined) return '—';
  return `${formatCount(row.lostMedian)} (${formatPercent(row.lostMedian, row.expected)})`;
}

/** The machine under the runtime: its cores and CPU model, as far as the run recorded them. */
function machineText(row: GroupRow): string {
  const cores = row.cpus === undefined ? undefined : `${row.cpus} ${row.cpus === 1 ? 'core' : 'cores'}`;
  return [cores, row.cpuModel].filter(Boolean).join(' · ');
}

/** The listed runs, each replaced by the followed copy when that one knows more (it ended first). */
function merge(listed: readonly Run[], followed: readonly Run[]): Run[] {
  const byId = new Map(listed.map((run) => [run.id, run]));
  for (const run of followed) {
    const known = byId.get(run.id);
    if (!known || (known.result === undefined && (run.result !== undefined || run.status !== known.status))) {
      byId.set(run.id, known ? { ...known, ...run, host: run.host ?? known.host } : run);
    }
  }
  return [...byId.values()];
}
