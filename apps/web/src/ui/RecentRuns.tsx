import type { Run } from '@racelab/api';
import { formatCount, formatRunSize } from '@racelab/schema/format';
import { isActive } from '../format/figures.js';
import { RunExport } from './RunExport.js';

export interface RecentRunsProps {
  runs: readonly Run[];
  /** Older runs exist: show the "More" button. */
  hasMore: boolean;
  onMore(): void;
  onCancel(id: string): void;
}

/** `GET /runs`, newest first, from the server's notebook: permalink, where it ran, cancel while live, JSON and curl. */
export function RecentRuns({ runs, hasMore, onMore, onCancel }: RecentRunsProps) {
  return (
    <section class="panel recent" aria-labelledby="recent-heading">
      <h2 id="recent-heading">Recent runs</h2>
      {runs.length === 0 ? <p class="hint">No runs kept on this server yet.</p> : null}
      <ul class="run-list" data-testid="recent-runs">
        {runs.map((run) => (
          <li key={run.id} class="run-item" data-run-id={run.id} data-status={run.status}>
            <div class="run-summary">
              <span class={`status status-${run.status}`}>{run.status}</span>{' '}
              <a href={`/?run=${encodeURIComponent(run.id)}`} aria-label={`Open run ${run.id} (${describe(run)})`}>
                {describe(run)}
              </a>
              <span class="run-outcome">{outcome(run)}</span>
              <span class="run-where">{where(run)}</span>
            </div>
            <div class="actions">
              {isActive(run) ? (
                <button type="button" class="danger small" onClick={() => onCancel(run.id)}>
                  Cancel<span class="visually-hidden"> run {run.id}</span>
                </button>
              ) : null}
            </div>
            <RunExport run={run} />
          </li>
        ))}
      </ul>
      {hasMore ? (
        <button type="button" class="small" onClick={onMore}>
          More runs
        </button>
      ) : null}
    </section>
  );
}

function describe(run: Run): string {
  return `${run.config.strategy} · ${formatRunSize(run.config, 'short')}`;
}

function outcome(run: Run): string {
  const last = run.result?.trials.at(-1);
  if (!run.result || !last) return run.progress ? `${formatCount(run.progress.counter)} so far` : '';
  if (run.result.summary.correct) return `${formatCount(last.actual)}, exact`;
  return `${formatCount(last.actual)}, ${formatCount(last.lostUpdates)} lost`;
}

/** `browser · unverified · Chromium` or `api · lab-1`: who recorded the run and where it ran. */
function where(run: Run): string {
  const parts: string[] = [run.source];
  if (run.host) parts.push(run.host);
  if (!run.verified) parts.push('unverified');
  return parts.join(' · ');
}
