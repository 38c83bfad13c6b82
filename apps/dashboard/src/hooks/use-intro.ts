import type { ExperimentConfig, ExperimentResult } from '@racelab/schema';
import { formatCount } from '@racelab/schema/format';
import { useEffect, useRef } from 'react';
import { change } from '../ui/settings.js';

export interface Intro {
  /** The runs the dashboard opens with: the race first. */
  opening: ExperimentConfig[];
  /** A key was pressed: the user drives from now on. */
  cancel(): void;
}

/**
 * The opening sequence: the race, then its fix, as in the seed lesson. On warm threads a short race can
 * finish before two workers ever interleave and lose nothing; then it runs once more with ten times the
 * iterations, so the first thing a newcomer sees is the race actually losing updates.
 */
export function useIntro(
  enabled: boolean,
  fix: ExperimentConfig,
  results: readonly ExperimentResult[],
  start: (configs: ExperimentConfig[]) => void,
  say: (notice: string) => void,
): Intro {
  const race: ExperimentConfig = { ...fix, strategy: 'none' };
  const phase = useRef<'race' | 'bigger race' | undefined>(enabled ? 'race' : undefined);
  const last = results.at(-1);

  useEffect(() => {
    if (last?.config.strategy !== 'none' || !phase.current) return;
    const bigger = change(last.config, { iterations: last.config.iterations * 10 });
    if (phase.current === 'race' && last.summary.correct && 'config' in bigger) {
      phase.current = 'bigger race';
      say(
        `the race lost nothing at ${formatCount(last.config.iterations)} per worker; trying ${formatCount(bigger.config.iterations)}`,
      );
      start([bigger.config]);
      return;
    }
    phase.current = undefined;
    start([fix]);
  }, [last, fix, start, say]);

  return {
    opening: enabled ? [race] : [fix],
    cancel: () => {
      phase.current = undefined;
    },
  };
}
