import type { WorkerResult } from '@racelab/schema';
import { formatCount, workerRows } from '@racelab/schema/format';
import { shareText } from '../format/fairness.js';

/** Past this many workers, neighbours share a bar: 256 bars would not fit a phone, nor help anyone. */
export const MAX_WORKER_ROWS = 16;

export interface WorkerBarsProps {
  perWorker: readonly number[];
  iterations: number;
  /** The finished trial's workers: lock strategies carry each one's share of the lock. */
  results?: readonly WorkerResult[] | undefined;
}

/** A bar per worker (or per group of workers): how far each has got with its increments. */
export function WorkerBars({ perWorker, iterations, results }: WorkerBarsProps) {
  const rows = workerRows(perWorker, iterations, MAX_WORKER_ROWS);
  const shares = rows.map((row) => (results ? shareText(results.slice(row.first, row.last + 1)) : undefined));
  const withShares = shares.some((share) => share !== undefined);
  const grouped = rows.length < perWorker.length;
  return (
    <div class="workers">
      <ol class={withShares ? 'worker-bars with-shares' : 'worker-bars'} aria-label="Increments done by each worker">
        {rows.map((row, index) => {
          const fraction = row.total > 0 ? Math.min(1, row.completed / row.total) : 0;
          return (
            <li key={row.label} class="worker-row">
              <span class="worker-label">{row.label}</span>
              <span
                class="track"
                role="progressbar"
                aria-label={`${row.label}: increments done`}
                aria-valuemin={0}
                aria-valuemax={row.total}
                aria-valuenow={row.completed}
              >
                <span class={fraction >= 1 ? 'fill done' : 'fill'} style={{ transform: `scaleX(${fraction})` }} />
              </span>
              <span class="worker-count">{formatCount(row.completed)}</span>
              {withShares ? (
                <span class="worker-share" title="share of the lock (1× = an even share)">
                  {shares[index] ?? ''}
                </span>
              ) : null}
            </li>
          );
        })}
      </ol>
      {withShares ? (
        <p class="hint">
          Last column: each worker's share of the lock, its acquisitions per ms over the mean (1× = an even share).
        </p>
      ) : null}
      {grouped ? (
        <p class="hint">
          {perWorker.length} workers, {Math.ceil(perWorker.length / rows.length)} to a bar
        </p>
      ) : null}
    </div>
  );
}
