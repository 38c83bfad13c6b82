import { type ExperimentRunner, type ProgressSnapshot, RunAbortedError, RunnerClosedError } from '@racelab/core';
import type { ExperimentConfig, ExperimentResult } from '@racelab/schema';
import { trialLostWith } from '@racelab/schema/format';
import { useCallback, useEffect, useRef, useState } from 'react';

/** A list of experiments started together: one for the live view, four for the comparison. */
export interface Batch {
  configs: ExperimentConfig[];
  /** Index in `configs` of the experiment running now, or of the last one once the batch is over. */
  index: number;
  /** Finished experiments, in `configs` order. */
  results: ExperimentResult[];
  /** The latest telemetry of the current experiment. */
  progress?: ProgressSnapshot;
  /** Lost updates per trial of the current experiment, filled in live as trials finish. */
  trialLost: number[];
  state: 'running' | 'done' | 'stopped' | 'failed';
  problem?: string;
}

export interface ExperimentControls {
  batch: Batch | undefined;
  start(configs: ExperimentConfig[]): void;
  stop(): void;
}

export interface UseExperimentOptions {
  progressIntervalMs: number;
  /** Every finished experiment, once: the dashboard moves them into its history. */
  onResult(result: ExperimentResult): void;
}

/**
 * Runs batches on the app's one warm runner. Starting a batch aborts the one before it, and unmounting
 * aborts whatever runs, so leaving the dashboard never leaves workers counting.
 */
export function useExperiment(runner: ExperimentRunner, options: UseExperimentOptions): ExperimentControls {
  const [batch, setBatch] = useState<Batch>();
  const controller = useRef<AbortController | undefined>(undefined);
  const latest = useRef(options);
  latest.current = options;

  const start = useCallback(
    (configs: ExperimentConfig[]) => {
      controller.current?.abort();
      const own = new AbortController();
      controller.current = own;
      // Updates from a batch that was replaced must not paint over its successor.
      const update = (change: (batch: Batch) => Batch) => {
        if (!own.signal.aborted) setBatch((batch) => (batch ? change(batch) : batch));
      };
      setBatch({ configs, index: 0, results: [], trialLost: [], state: 'running' });
      void (async () => {
        for (const [index, config] of configs.entries()) {
          update((batch) => ({ ...batch, index, progress: undefined, trialLost: [] }));
          try {
            const result = await runner.run(config, {
              signal: own.signal,
              progressIntervalMs: latest.current.progressIntervalMs,
              onProgress: (progress) => update((batch) => withProgress(batch, progress)),
            });
            if (own.signal.aborted) return;
            update((batch) => ({ ...batch, results: [...batch.results, result], trialLost: lostPerTrial(result) }));
            latest.current.onResult(result);
            if (result.status === 'failed') {
              update((batch) => ({ ...batch, state: 'failed', problem: result.error?.message }));
              return;
            }
          } catch (error) {
            // A run aborted before it started rejects with the bare abort reason, not a RunAbortedError.
            if (own.signal.aborted || error instanceof RunAbortedError || error instanceof RunnerClosedError) return;
            const problem = error instanceof Error ? error.message : String(error);
            update((batch) => ({ ...batch, state: 'failed', problem }));
            return;
          }
        }
        update((batch) => ({ ...batch, state: 'done' }));
      })();
    },
    [runner],
  );

  const stop = useCallback(() => {
    const own = controller.current;
    if (!own || own.signal.aborted) return;
    setBatch((batch) => (batch?.state === 'running' ? { ...batch, state: 'stopped' } : batch));
    own.abort();
  }, []);

  useEffect(() => () => controller.current?.abort(), []);

  return { batch, start, stop };
}

export function currentConfig(batch: Batch): ExperimentConfig {
  return batch.configs[batch.index] ?? (batch.configs[0] as ExperimentConfig);
}

function withProgress(batch: Batch, progress: ProgressSnapshot): Batch {
  return { ...batch, progress, trialLost: trialLostWith(batch.trialLost, progress) };
}

function lostPerTrial(result: ExperimentResult): number[] {
  return result.trials.map((trial) => trial.lostUpdates);
}
