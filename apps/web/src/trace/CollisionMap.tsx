import { formatCount } from '@racelab/schema/format';
import { groupPairs, HEAT_BINS, heatBin, pairMaxima } from './heat-map.js';

const CELL = 24;
const LABEL = 44;
/** Past this many workers, neighbours share a row and a column. */
const MAX_SIDE = 32;
/** Past this many rows the axes name every fourth one. */
const ALL_LABELS_UP_TO = 16;

/**
 * Who collided with whom: pairs[a][b] is how many values both a and b read (each such value is an
 * update lost), the diagonal how often a worker read a value again itself, after a rollback.
 */
export function CollisionMap({ pairs }: { pairs: readonly (readonly number[])[] }) {
  const { groups, counts } = groupPairs(pairs, MAX_SIDE);
  const grouped = groups.length < pairs.length;
  const { between, self } = pairMaxima(counts);
  const side = groups.length;
  const size = LABEL + side * CELL;
  const name = (index: number) => {
    const group = groups[index] ?? { first: index, last: index };
    return group.first === group.last ? `w${group.first}` : `w${group.first}–${group.last}`;
  };
  const labelled = (index: number) => side <= ALL_LABELS_UP_TO || index % 4 === 0;
  const caption =
    between === 0
      ? 'No two workers read the same value: no collisions.'
      : `Collisions: how many values each pair of workers both read (darker is more; the busiest ${grouped ? 'block' : 'pair'} ${formatCount(between)}). On the diagonal, values a worker read again itself${grouped ? `; ${pairs.length} workers in blocks of ${(groups[0]?.last ?? 0) + 1}` : ''}.`;
  return (
    <figure class="collision-map" data-testid="collision-map">
      <svg viewBox={`0 0 ${size} ${size}`} role="img" aria-label={caption}>
        {counts.map((row, a) =>
          row.map((count, b) => {
            const diagonal = a === b;
            const bin = heatBin(count, diagonal ? self : between);
            return (
              <rect
                key={`${a}:${b}`}
                class={`heat heat-${bin}${diagonal ? ' self' : ''}`}
                data-count={count}
                x={LABEL + b * CELL}
                y={LABEL + a * CELL}
                width={CELL - 1}
                height={CELL - 1}
              >
                <title>
                  {diagonal && !grouped
                    ? `${name(a)} read ${formatCount(count)} ${count === 1 ? 'value' : 'values'} again itself`
                    : `${name(a)} and ${name(b)}: ${formatCount(count)} ${count === 1 ? 'value' : 'values'} both read`}
                </title>
              </rect>
            );
          }),
        )}
        {counts.map((_, index) =>
          labelled(index) ? (
            <g key={name(index)} class="tick">
              <text x={LABEL + index * CELL + CELL / 2} y={LABEL - 8} text-anchor="middle">
                {name(index)}
              </text>
              <text x={LABEL - 6} y={LABEL + index * CELL + CELL / 2 + 4} text-anchor="end">
                {name(index)}
              </text>
            </g>
          ) : null,
        )}
      </svg>
      <figcaption>{caption}</figcaption>
      <p class="heat-scale" aria-hidden="true">
        none
        {Array.from({ length: HEAT_BINS + 1 }, (_, bin) => (
          <span key={bin} class={`heat-swatch heat-${bin}`} />
        ))}
        most
      </p>
    </figure>
  );
}
