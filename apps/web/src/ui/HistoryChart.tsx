import type { Run } from '@racelab/api';
import { formatCompact, formatCount, formatRate } from '@racelab/schema/format';
import { type GroupBy, groupOf, runFigures } from '../format/history.js';

const WIDTH = 640;
const HEIGHT = 150;
const AXIS = 18;
const LEFT = 56;
/** Distinct series colours (styles.css `.series-N`); past these, groups reuse them in turn. */
const SERIES = 6;

interface Point {
  index: number;
  value: number;
  group: number;
  run: Run;
}

/** One measure across the runs, oldest on the left, a dot per run coloured by its group. */
function Panel({
  points,
  count,
  label,
  format,
  testId,
}: {
  points: Point[];
  count: number;
  label: string;
  format(value: number): string;
  testId: string;
}) {
  const top = Math.max(1, ...points.map((point) => point.value));
  const x = (index: number) => LEFT + (WIDTH - LEFT - 8) * (count <= 1 ? 0.5 : index / (count - 1));
  const y = (value: number) => HEIGHT - AXIS - ((HEIGHT - AXIS - 8) * value) / top;
  return (
    <figure class="history-chart" data-testid={testId}>
      <figcaption>{label} (median over each run's trials)</figcaption>
      <svg viewBox={`0 0 ${WIDTH} ${HEIGHT}`} role="img" aria-label={`${label} of ${points.length} runs`}>
        <line class="axis" x1={LEFT} x2={WIDTH} y1={HEIGHT - AXIS} y2={HEIGHT - AXIS} />
        {points.map((point) => (
          <circle
            key={point.run.id}
            class={`dot series-${point.group % SERIES}`}
            cx={x(point.index)}
            cy={y(point.value)}
            r={4}
          >
            <title>
              {point.run.config.strategy} {formatCount(point.run.config.workers)} ×{' '}
              {formatCount(point.run.config.iterations)}: {format(point.value)}
            </title>
          </circle>
        ))}
        <text class="tick" x={LEFT} y={HEIGHT - 3}>
          oldest
        </text>
        <text class="tick" x={WIDTH} y={HEIGHT - 3} text-anchor="end">
          newest
        </text>
        <text class="tick" x={LEFT - 6} y={HEIGHT - AXIS} text-anchor="end">
          0
        </text>
        <text class="tick" x={LEFT - 6} y={12} text-anchor="end">
          {formatCompact(top)}
        </text>
      </svg>
    </figure>
  );
}

/** Lost updates and throughput across the listed runs, grouped by runtime or host. */
export function HistoryChart({ runs, groupBy }: { runs: readonly Run[]; groupBy: GroupBy }) {
  const ordered = [...runs].reverse();
  const groups: string[] = [];
  const points = ordered.flatMap((run, index) => {
    const figures = runFigures(run);
    if (!figures) return [];
    const name = groupOf(run, groupBy);
    if (!groups.includes(name)) groups.push(name);
    return [{ index, run, group: groups.indexOf(name), figures }];
  });
  if (points.length === 0) return <p class="hint">No ended run to chart among these.</p>;
  return (
    <div class="history-charts">
      <ul class="legend" data-testid="history-legend">
        {groups.map((name, index) => (
          <li key={name}>
            <span class={`swatch series-${index % SERIES}`} aria-hidden="true" /> {name}
          </li>
        ))}
      </ul>
      <Panel
        testId="history-lost"
        label="Lost updates"
        format={formatCount}
        count={ordered.length}
        points={points.map((point) => ({ ...point, value: point.figures.lostUpdates }))}
      />
      <Panel
        testId="history-throughput"
        label="Throughput, operations per second"
        format={formatRate}
        count={ordered.length}
        points={points.map((point) => ({ ...point, value: point.figures.opsPerSecond }))}
      />
    </div>
  );
}
