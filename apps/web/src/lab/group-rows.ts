import type { Run } from '@racelab/api';
import { fairnessText } from '../format/fairness.js';
import { runtimeLabel } from '../format/runtime-label.js';

/** One host's run of a group, as the cross-host comparison shows it. */
export interface GroupRow {
  id: string;
  host: string;
  status: Run['status'];
  /** Each trial's lost updates, in order; empty until the run has a result. */
  lostPerTrial: number[];
  /** The median over trials, from the result's summary (core's figure, not recomputed here). */
  lostMedian: number | undefined;
  expected: number;
  opsPerSecondMedian: number | undefined;
  /** `Jain 0.98 · least 0.91×` for the lock strategies; undefined for `none`, `atomic`, or no result. */
  fairness: string | undefined;
  /** `Node v20.20.2 · 2 × Intel Xeon …`, from the result's environment. */
  runtime: string | undefined;
  cpus: number | undefined;
  cpuModel: string | undefined;
  /** Why it ended without a result: `host_lost`, `interrupted`, `cancelled`… */
  errorCode: string | undefined;
}

/** A group's runs (`GET /runs?group=…`), one row per host, in host-name order. */
export function groupRows(runs: readonly Run[]): GroupRow[] {
  return runs
    .map((run): GroupRow => {
      const result = run.result;
      return {
        id: run.id,
        host: run.host ?? result?.environment.host ?? '?',
        status: run.status,
        lostPerTrial: result ? result.trials.map((trial) => trial.lostUpdates) : [],
        lostMedian: result?.summary.lostUpdates?.median,
        expected: run.config.workers * run.config.iterations,
        opsPerSecondMedian: result?.summary.opsPerSecond?.median,
        fairness: fairnessText(result?.trials.at(-1)),
        runtime: result ? runtimeLabel(result.environment) : undefined,
        cpus: result?.environment.cpus,
        cpuModel: result?.environment.cpuModel,
        errorCode: run.error?.code ?? result?.error?.code,
      };
    })
    .sort((a, b) => a.host.localeCompare(b.host));
}

/** The most updates any trial of the group lost, for scaling the rows' bars (0 when none lost). */
export function worstLost(rows: readonly GroupRow[]): number {
  return rows.reduce((worst, row) => Math.max(worst, ...row.lostPerTrial), 0);
}
