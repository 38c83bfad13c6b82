import type { Rollback, TraceView } from '@racelab/schema';
import { formatCompact, formatCount, rollbackStory } from '@racelab/schema/format';
import { type ChartBox, chartScale, type RollbackMark, rollbackMarks, viewPath } from './chart-geometry.js';

/** Past this many workers a legend would be a wall of names: each line's title still says whose it is. */
const MAX_LEGEND = 32;
const BOX: ChartBox = { width: 640, height: 300, left: 64, bottom: 28, top: 10, right: 12 };

export interface TraceChartProps {
  views: readonly TraceView[];
  iterations: number;
  /** The trial's biggest rollbacks: a mark that is one of them is told in full (with the stale writer). */
  biggest: readonly Rollback[];
  /** "trial 2" when the run had several. */
  trialLabel: string;
}

/**
 * A colour per worker: hues a golden angle apart, so neighbours (w3, w4) never look alike whatever
 * the number of workers; lightness comes from the theme (see trace.css).
 */
function hue(worker: number): number {
  return Math.round(worker * 137.508) % 360;
}

/**
 * What each thread read against its own iteration, one line per worker: without a lock the lines
 * climb together, and a drop is a rollback, a stale write that erased the others' work.
 */
export function TraceChart({ views, iterations, biggest, trialLabel }: TraceChartProps) {
  const scale = chartScale(views, iterations);
  const marks = views.flatMap((view) => rollbackMarks(BOX, scale, view));
  const told = new Map(biggest.map((rollback) => [`${rollback.seenBy}:${rollback.iteration}`, rollback]));
  const caption = `What each thread read${trialLabel ? ` in ${trialLabel}` : ''}, against its own iteration: ${views.length} workers, ${marks.length} rollbacks marked.`;
  const bottom = BOX.height - BOX.bottom;
  return (
    <figure class="trace-chart" data-testid="trace-chart">
      <svg viewBox={`0 0 ${BOX.width} ${BOX.height}`} role="img" aria-label={caption}>
        <line class="axis" x1={BOX.left} x2={BOX.width - BOX.right} y1={bottom} y2={bottom} />
        <line class="axis" x1={BOX.left} x2={BOX.left} y1={BOX.top} y2={bottom} />
        <text class="tick" x={BOX.left - 6} y={bottom} text-anchor="end">
          0
        </text>
        <text class="tick" x={BOX.left - 6} y={BOX.top + 10} text-anchor="end">
          {formatCompact(scale.maxValue)}
        </text>
        <text class="tick" x={BOX.left} y={BOX.height - 8}>
          iteration 0
        </text>
        <text class="tick" x={BOX.width - BOX.right} y={BOX.height - 8} text-anchor="end">
          {formatCount(scale.iterations)}
        </text>
        <text
          class="tick"
          x={12}
          y={BOX.top + (bottom - BOX.top) / 2}
          transform={`rotate(-90 12 ${BOX.top + (bottom - BOX.top) / 2})`}
          text-anchor="middle"
        >
          value read
        </text>
        {views.map((view) => (
          <path
            key={view.worker}
            class="trace-line"
            data-worker={view.worker}
            d={viewPath(BOX, scale, view)}
            style={{ '--worker-hue': hue(view.worker) }}
          >
            <title>w{view.worker}: what it read at each of its iterations</title>
          </path>
        ))}
        {marks.map((mark) => (
          <circle
            key={`${mark.worker}:${mark.iteration}`}
            class="rollback-mark"
            data-erased={mark.erased ?? ''}
            cx={mark.x}
            cy={mark.y}
            r={markRadius(mark, scale.maxValue)}
          >
            <title>{markText(mark, told.get(`${mark.worker}:${mark.iteration}`))}</title>
          </circle>
        ))}
      </svg>
      <figcaption id="trace-chart-caption">{caption}</figcaption>
      {views.length <= MAX_LEGEND ? (
        <ul class="trace-legend" aria-label="Workers">
          {views.map((view) => (
            <li key={view.worker} style={{ '--worker-hue': hue(view.worker) }}>
              w{view.worker}
            </li>
          ))}
        </ul>
      ) : null}
    </figure>
  );
}

/** Bigger rollbacks get bigger marks, so the few that erased the most stand out. */
function markRadius(mark: RollbackMark, maxValue: number): number {
  const erased = mark.erased ?? 1;
  return Math.round((2.5 + 5 * Math.sqrt(Math.min(1, erased / Math.max(1, maxValue)))) * 10) / 10;
}

function markText(mark: RollbackMark, rollback: Rollback | undefined): string {
  if (rollback) return rollbackStory(rollback);
  if (mark.erased === undefined) {
    return `w${mark.worker}, iteration ${formatCount(mark.iteration)}: read ${formatCount(mark.to)}, below what it had written before (sampled: how much was erased is not kept)`;
  }
  const updates = mark.erased === 1 ? '1 update erased' : `${formatCount(mark.erased)} updates erased`;
  return `w${mark.worker}, iteration ${formatCount(mark.iteration)}: wrote ${formatCount(mark.from)}, then read ${formatCount(mark.to)}: ${updates}`;
}
