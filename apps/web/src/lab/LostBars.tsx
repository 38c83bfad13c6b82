import { formatCount } from '@racelab/schema/format';

const WIDTH = 120;
const HEIGHT = 24;

/**
 * Each trial's lost updates as a bar, on the group's common scale (`worst`), so hosts compare at a
 * glance; a trial that lost nothing is a flat tick. Plain SVG, titled for screen readers and hover.
 */
export function LostBars({ lostPerTrial, worst }: { lostPerTrial: readonly number[]; worst: number }) {
  if (lostPerTrial.length === 0) return null;
  const step = WIDTH / lostPerTrial.length;
  const barWidth = Math.max(2, step - 2);
  const label = `lost updates per trial: ${lostPerTrial.map((lost) => formatCount(lost)).join(', ')}`;
  return (
    <svg
      class="lost-bars"
      width={WIDTH}
      height={HEIGHT}
      viewBox={`0 0 ${WIDTH} ${HEIGHT}`}
      role="img"
      aria-label={label}
    >
      <title>{label}</title>
      {lostPerTrial.map((lost, index) => {
        const height = worst > 0 ? Math.max(1, (lost / worst) * (HEIGHT - 1)) : 1;
        return (
          <rect
            key={index}
            class={lost > 0 ? 'lost' : 'exact'}
            x={index * step + 1}
            y={HEIGHT - height}
            width={barWidth}
            height={height}
          />
        );
      })}
    </svg>
  );
}
