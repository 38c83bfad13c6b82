import { type Signal, useSignal } from '@preact/signals';
import { CONFIG_BOUNDS, DEFAULT_CONFIG, type ExperimentConfig, type Strategy } from '@racelab/schema';
import { ANY_HOST, type HostTarget, hostsField } from '../format/host-target.js';

export const NUMBER_FIELDS = ['workers', 'iterations', 'trials'] as const;
export type NumberField = (typeof NUMBER_FIELDS)[number];

export interface RunForm {
  strategy: Signal<Strategy>;
  numbers: Record<NumberField, Signal<string>>;
  /** Record every read and report which update overwrote which (`"trace": true`). */
  trace: Signal<boolean>;
  /** In a lab: where Run sends it (any host, the ones ticked, every live host). */
  hosts: Signal<HostTarget>;
  /** The body for POST /runs: the experiment alone (Compare, the browser run). */
  body(): Record<string, unknown>;
  /** The body for Run: the experiment and, in a lab, `hosts`. */
  runBody(): Record<string, unknown>;
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
  const hosts = useSignal<HostTarget>(ANY_HOST);
  const numbers = {
    workers: useSignal(String(CONFIG_BOUNDS.workers.default)),
    iterations: useSignal(String(CONFIG_BOUNDS.iterations.default)),
    trials: useSignal(String(CONFIG_BOUNDS.trials.default)),
  };
  const body = () => {
    const body: Record<string, unknown> = { strategy: strategy.value };
    for (const field of NUMBER_FIELDS) {
      const value = fieldValue(numbers[field].value);
      if (value !== undefined) body[field] = value;
    }
    if (trace.value) body.trace = true;
    return body;
  };
  return {
    strategy,
    numbers,
    trace,
    hosts,
    body,
    runBody() {
      const target = hostsField(hosts.value);
      return target === undefined ? body() : { ...body(), hosts: target };
    },
    fill(config) {
      strategy.value = config.strategy;
      for (const field of NUMBER_FIELDS) numbers[field].value = String(config[field]);
      trace.value = config.trace === true;
    },
  };
}
