import { formatCount, formatDuration, formatPercent, formatRate, type LiveFigures } from '@racelab/schema/format';
import { fairnessText, waitText } from '../format/fairness.js';

/** The shared counter against what it should reach, the updates lost so far, and how fast it goes. */
export function CounterPanel({ figures }: { figures: LiveFigures }) {
  const fraction = figures.expected > 0 ? Math.min(1, figures.counter / figures.expected) : 0;
  const lost = figures.lostUpdates > 0;
  const tone = figures.result ? (lost ? 'bad' : 'good') : 'live';
  const lastTrial = figures.result?.trials.at(-1);
  const fairness = fairnessText(lastTrial);
  const wait = waitText(lastTrial);
  return (
    <div class="counter-panel">
      <div class="counter-line">
        <span class="label">Counter</span>
        <span class="counter-value" data-testid="live-counter">
          {formatCount(figures.counter)} <span class="muted">/ {formatCount(figures.expected)}</span>
        </span>
      </div>
      <span
        class="track big"
        role="progressbar"
        aria-label="Shared counter against the expected total"
        aria-valuemin={0}
        aria-valuemax={figures.expected}
        aria-valuenow={figures.counter}
      >
        <span class={`fill ${tone}`} style={{ transform: `scaleX(${fraction})` }} />
      </span>
      <dl class="stats">
        <div>
          <dt>Lost {figures.result ? '' : 'so far'}</dt>
          <dd class={lost ? 'bad-text' : undefined}>
            {formatCount(figures.lostUpdates)} ({formatPercent(figures.lostUpdates, figures.expected)})
          </dd>
        </div>
        <div>
          <dt>Throughput</dt>
          <dd>{formatRate(figures.opsPerSecond)}</dd>
        </div>
        {fairness ? (
          <div>
            <dt>Fairness</dt>
            <dd data-testid="fairness">{fairness}</dd>
          </div>
        ) : null}
        {wait ? (
          <div>
            <dt>Lock wait</dt>
            <dd>{wait}</dd>
          </div>
        ) : null}
        <div>
          <dt>Elapsed</dt>
          <dd>{formatDuration(figures.elapsedMs)}</dd>
        </div>
        <div>
          <dt>Trial</dt>
          <dd>
            {figures.trial + 1} of {figures.trials}
          </dd>
        </div>
      </dl>
    </div>
  );
}
