/**
 * The biggest rollbacks of a trial, kept as they are found: a small sorted list (biggest first)
 * that a new rollback enters only if it beats the smallest kept. Rollbacks are usually thousands,
 * but a pathological trial may have millions, so there is no sort of all of them.
 */

export interface RollbackSeen {
  seenBy: number;
  iteration: number;
  from: number;
  to: number;
}

export class TopRollbacks {
  readonly #limit: number;
  readonly #kept: RollbackSeen[] = [];
  /** When set, at most one rollback per value `to` (one stale write seen by several workers shows once). */
  readonly #onePerStaleValue: boolean;

  constructor(limit: number, { onePerStaleValue }: { onePerStaleValue: boolean }) {
    this.#limit = limit;
    this.#onePerStaleValue = onePerStaleValue;
  }

  /** Whether a rollback erasing `erased` updates could enter the list. */
  accepts(erased: number): boolean {
    if (this.#limit === 0) return false;
    const kept = this.#kept;
    return kept.length < this.#limit || erased > erasedBy(kept[kept.length - 1] as RollbackSeen);
  }

  offer(seenBy: number, iteration: number, from: number, to: number): void {
    const erased = from - to;
    if (!this.accepts(erased)) return;
    const kept = this.#kept;
    if (this.#onePerStaleValue) {
      const same = kept.findIndex((rollback) => rollback.to === to);
      if (same !== -1) {
        if (erasedBy(kept[same] as RollbackSeen) >= erased) return;
        kept.splice(same, 1);
      }
    }
    let at = kept.length;
    while (at > 0 && erasedBy(kept[at - 1] as RollbackSeen) < erased) at--;
    kept.splice(at, 0, { seenBy, iteration, from, to });
    if (kept.length > this.#limit) kept.pop();
  }

  /** Biggest first; equal sizes in the order they were found. */
  list(): readonly RollbackSeen[] {
    return this.#kept;
  }
}

export function erasedBy(rollback: RollbackSeen): number {
  return rollback.from - rollback.to;
}
