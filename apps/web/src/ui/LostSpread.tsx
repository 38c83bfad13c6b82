import type { Stats } from '@racelab/schema';
import { formatCompact, formatCount } from '@racelab/schema/format';

const WIDTH = 640;
const HEIGHT = 150;
const AXIS = 18;
/** Room on the left for the scale's top label. */
const LEFT = 56;

export interface LostSpreadProps {
  /** Lost updates of each trial that has ended, in order. */
  lostUpdates: readonly number[];
  trials: number;
  /** min / median / max from the result's summary, once the run has ended. */
  summary: Stats | null | undefined;
}

/** How differently the same race ends each time: one bar per trial, the median drawn across. */
export function LostSpread({ lostUpdates, trials, summary }: LostSpreadProps) {
  const top = Math.max(1, ...lostUpdates.filter((lost) => typeof lost === 'number'));
  const slot = (WIDTH - LEFT) / Math.max(1, trials);
  const scale = (value: number) => ((HEIGHT - AXIS) * value) / top;
  const caption = summary
    ? `Lost updates over ${lostUpdates.length} trials: min ${formatCount(summary.min)}, median ${formatCount(summary.median)}, max ${formatCount(summary.max)}`
    : `Lost updates: ${lostUpdates.length} of ${trials} trials done`;
  return (
    <figure class="spread" data-testid="spread">
      <svg viewBox={`0 0 ${WIDTH} ${HEIGHT}`} role="img" aria-label={caption}>
        <line class="axis" x1={LEFT} x2={WIDTH} y1={HEIGHT - AXIS} y2={HEIGHT - AXIS} />
        {/* A trial whose last sample the stream skipped has no figure until the result. */}
        {Array.from(lostUpdates.entries(), ([index, lost]) =>
          typeof lost !== 'number' ? null : (
            <rect
              key={index}
              class={lost > 0 ? 'bar bad' : 'bar good'}
              x={LEFT + index * slot + slot * 0.15}
              width={Math.max(1, slot * 0.7)}
              y={HEIGHT - AXIS - Math.max(1, scale(lost))}
              height={Math.max(1, scale(lost))}
            >
              <title>
                trial {index + 1}: {formatCount(lost)} lost
              </title>
            </rect>
          ),
        )}
        {summary && summary.max > 0 ? (
          <line
            class="median"
            x1={LEFT}
            x2={WIDTH}
            y1={HEIGHT - AXIS - scale(summary.median)}
            y2={HEIGHT - AXIS - scale(summary.median)}
          />
        ) : null}
        <text class="tick" x={LEFT} y={HEIGHT - 3}>
          trial 1
        </text>
        <text class="tick" x={WIDTH} y={HEIGHT - 3} text-anchor="end">
          {trials}
        </text>
        <text class="tick" x={LEFT - 6} y={HEIGHT - AXIS} text-anchor="end">
          0
        </text>
        <text class="tick" x={LEFT - 6} y={12} text-anchor="end">
          {formatCompact(top)}
        </text>
      </svg>
      <figcaption>{caption}</figcaption>
    </figure>
  );
}
