import { type Signal, useSignal } from '@preact/signals';
import { CONFIG_BOUNDS, DEFAULT_CONFIG, type ExperimentConfig, type Strategy } from '@racelab/schema';

export const NUMBER_FIELDS = ['workers', 'iterations', 'trials'] as const;
export type NumberField = (typeof NUMBER_FIELDS)[number];

export interface RunForm {
  strategy: Signal<Strategy>;
  numbers: Record<NumberField, Signal<string>>;
  /** Record every read and report which update overwrote which (`"trace": true`). */
  trace: Signal<boolean>;
  /** The body for POST /runs. */
  body(): Record<string, unknown>;
  /** Shows a run's settings, e.g. when a permalink reopens it. */
  fill(config: ExperimentConfig): void;
}

/**
 * The form's raw text, not numbers: the API validates, and a value it cannot take goes to it as
 * typed, so its message (naming the field and the range) is the one shown. Separators are allowed.
 */
export function fieldValue(text: string): unknown {
  const compact = text.replace(/[\s,_]/g, '');
  if (compact === '') return undefined;
  const value = Number(compact);
  return Number.isFinite(value) ? value : text;
}

export function useRunForm(): RunForm {
  const strategy = useSignal<Strategy>(DEFAULT_CONFIG.strategy);
  const trace = useSignal(false);
  const numbers = {
    workers: useSignal(String(CONFIG_BOUNDS.workers.default)),
    iterations: useSignal(String(CONFIG_BOUNDS.iterations.default)),
    trials: useSignal(String(CONFIG_BOUNDS.trials.default)),
  };
  return {
    strategy,
    numbers,
    trace,
    body() {
      const body: Record<string, unknown> = { strategy: strategy.value };
      for (const field of NUMBER_FIELDS) {
        const value = fieldValue(numbers[field].value);
        if (value !== undefined) body[field] = value;
      }
      if (trace.value) body.trace = true;
      return body;
    },
    fill(config) {
      strategy.value = config.strategy;
      for (const field of NUMBER_FIELDS) numbers[field].value = String(config[field]);
      trace.value = config.trace === true;
    },
  };
}
