/**
 * The trace of a run in words, for every front end: the accounting (every lost update is a value
 * read again or a read at or above the final counter) and the biggest rollbacks as stories.
 */
import type { ExperimentResult } from '../result.js';
import type { Rollback, Trace } from '../trace.js';
import { formatCount } from './numbers.js';

/** `w6 read 421,019 and wrote 421,020; w1, paused since it read 259,503, then wrote 259,504: 161,516 updates erased at once` */
export function rollbackStory(rollback: Rollback): string {
  const { seenBy, from, to, erased, writer } = rollback;
  const who = writer === undefined ? 'another thread' : `w${writer}`;
  const updates = erased === 1 ? '1 update erased' : `${formatCount(erased)} updates erased at once`;
  return `w${seenBy} read ${formatCount(from - 1)} and wrote ${formatCount(from)}; ${who}, paused since it read ${formatCount(to - 1)}, then wrote ${formatCount(to)}: ${updates}`;
}

/** The trace's counts summed over the traced trials of a run. */
export interface TraceTotals {
  /** Trials that carry a trace. */
  trials: number;
  lostUpdates: number;
  repeatedReads: number;
  readsAboveFinal: number;
  rollbacks: number;
  erased: number;
}

type Trials = Pick<ExperimentResult, 'trials'>;

/** The accounting of every traced trial, summed; undefined for an untraced run. */
export function traceTotals(result: Trials): TraceTotals | undefined {
  const totals: TraceTotals = {
    trials: 0,
    lostUpdates: 0,
    repeatedReads: 0,
    readsAboveFinal: 0,
    rollbacks: 0,
    erased: 0,
  };
  for (const trial of result.trials) {
    if (!trial.trace) continue;
    totals.trials++;
    totals.lostUpdates += trial.lostUpdates;
    totals.repeatedReads += trial.trace.repeatedReads;
    totals.readsAboveFinal += trial.trace.readsAboveFinal;
    totals.rollbacks += trial.trace.rollbacks.count;
    totals.erased += trial.trace.rollbacks.erased;
  }
  return totals.trials > 0 ? totals : undefined;
}

/** `12,345 lost = 12,000 read again + 345 read at or above the final counter`: the identity, short enough for 80 columns. */
export function accountingLine(totals: Pick<TraceTotals, 'lostUpdates' | 'repeatedReads' | 'readsAboveFinal'>): string {
  return `${formatCount(totals.lostUpdates)} lost = ${formatCount(totals.repeatedReads)} read again + ${formatCount(totals.readsAboveFinal)} read at or above the final counter`;
}

/** `71 rollbacks: a thread found the counter below the value it had just written, 175,424 updates erased in all` (no full stop) */
export function rollbackSummary(totals: Pick<TraceTotals, 'rollbacks' | 'erased'>): string {
  const { rollbacks, erased } = totals;
  return `${formatCount(rollbacks)} ${rollbacks === 1 ? 'rollback' : 'rollbacks'}: a thread found the counter below the value it had just written, ${formatCount(erased)} updates erased in all`;
}

/** A rollback and the trial (from 0) it happened in. */
export interface TrialRollback {
  rollback: Rollback;
  trial: number;
}

/** The `count` biggest rollbacks over every traced trial, biggest first (ties in trial order). */
export function biggestRollbacks(result: Trials, count = 3): TrialRollback[] {
  return result.trials
    .flatMap((trial, index) => (trial.trace?.rollbacks.biggest ?? []).map((rollback) => ({ rollback, trial: index })))
    .sort((a, b) => b.rollback.erased - a.rollback.erased)
    .slice(0, count);
}

/** The first trial that kept what each worker saw (`views`), with its index; later trials keep counts only. */
export function firstViewedTrial(result: Trials): { trial: number; trace: Trace } | undefined {
  const index = result.trials.findIndex((trial) => trial.trace?.views && trial.trace.views.length > 0);
  const trace = result.trials[index]?.trace;
  return trace ? { trial: index, trace } : undefined;
}
