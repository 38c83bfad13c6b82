import type { ExperimentConfig } from '../config.js';
import { formatCount } from './numbers.js';

/**
 * How big a run is, in one phrase: `10 workers × 100,000 increments`, or `10 × 100,000` where
 * space is short; ` × 5 trials` is added when there is more than one.
 */
export function formatRunSize(
  config: Pick<ExperimentConfig, 'workers' | 'iterations' | 'trials'>,
  style: 'long' | 'short' = 'long',
): string {
  const size =
    style === 'long'
      ? `${formatCount(config.workers)} workers × ${formatCount(config.iterations)} increments`
      : `${formatCount(config.workers)} × ${formatCount(config.iterations)}`;
  return config.trials > 1 ? `${size} × ${formatCount(config.trials)} trials` : size;
}
