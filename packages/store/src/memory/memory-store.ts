import { type StoredRun, toRunSummary } from '@racelab/schema';
import { decodeCursor, encodeCursor, type PagePosition } from '../cursor.js';
import { RunExistsError } from '../errors.js';
import type { HostClaim } from '../lab/hosts.js';
import type {
  MarkInterruptedOptions,
  PruneOptions,
  RunCriteria,
  RunPage,
  RunPageRequest,
  RunStore,
} from '../run-store.js';
import {
  checkPageLimit,
  checkPruneOptions,
  DAY_MS,
  INTERRUPTED_MESSAGE,
  interruptedRun,
  isLive,
  toMillis,
  validRun,
} from '../runs.js';
import { matches } from './criteria.js';

/** Runs held only in this process (`--database none`): at most `maxEnded` ended runs, oldest dropped first. */
export class MemoryRunStore implements RunStore {
  readonly engine = 'memory';
  readonly location = 'none (in memory)';
  readonly #runs = new Map<string, StoredRun>();

  constructor(readonly maxEnded = 100) {}

  async save(run: StoredRun): Promise<boolean> {
    const valid = validRun(run);
    if (!this.#replaceable(valid.id)) return false;
    this.#runs.delete(valid.id);
    this.#runs.set(valid.id, structuredClone(valid));
    this.#evict();
    return true;
  }

  async insert(run: StoredRun): Promise<void> {
    const valid = validRun(run);
    if (this.#runs.has(valid.id)) throw new RunExistsError(valid.id);
    this.#runs.set(valid.id, structuredClone(valid));
    this.#evict();
  }

  async saveMany(runs: readonly StoredRun[]): Promise<void> {
    const valid = runs.map(validRun);
    for (const run of valid) {
      if (!this.#replaceable(run.id)) continue;
      this.#runs.delete(run.id);
      this.#runs.set(run.id, structuredClone(run));
    }
    this.#evict();
  }

  async get(id: string): Promise<StoredRun | undefined> {
    const run = this.#runs.get(id);
    return run && structuredClone(run);
  }

  async list(criteria: RunCriteria, page: RunPageRequest): Promise<RunPage> {
    checkPageLimit(page.limit);
    const after = page.cursor === undefined ? undefined : decodeCursor(page.cursor);
    const found = this.#sorted().filter((run) => matches(run, criteria) && (!after || isOlder(run, after)));
    const runs = found.slice(0, page.limit).map((run) => structuredClone(run));
    const last = runs.at(-1);
    if (found.length <= page.limit || !last) return { runs };
    return { runs, nextCursor: encodeCursor(positionOf(last)) };
  }

  async *scan(criteria: RunCriteria): AsyncIterable<StoredRun> {
    let cursor: string | undefined;
    do {
      const page = await this.list(criteria, { limit: 100, cursor });
      yield* page.runs;
      cursor = page.nextCursor;
    } while (cursor);
  }

  /** Nobody else sees a memory store: the name is always this process's. */
  async claimHostName(_claim: HostClaim): Promise<void> {}

  async releaseHostName(_name: string, _instance: string): Promise<void> {}

  async markInterrupted(host: string, options: MarkInterruptedOptions = {}): Promise<number> {
    let count = 0;
    for (const run of this.#runs.values()) {
      if (toRunSummary(run).host !== host || !isLive(run.status)) continue;
      this.#runs.set(run.id, interruptedRun(run, options.message ?? INTERRUPTED_MESSAGE, options.now ?? new Date()));
      count += 1;
    }
    return count;
  }

  async prune({ keepRuns, keepDays, now = new Date() }: PruneOptions): Promise<number> {
    checkPruneOptions(keepRuns, keepDays);
    const ended = this.#sorted().filter((run) => !isLive(run.status));
    const oldestKept = keepDays === undefined ? -Infinity : now.getTime() - keepDays * DAY_MS;
    let count = 0;
    for (const [index, run] of ended.entries()) {
      if ((keepRuns !== undefined && index >= keepRuns) || toMillis(run.createdAt) < oldestKept) {
        this.#runs.delete(run.id);
        count += 1;
      }
    }
    return count;
  }

  async close(): Promise<void> {
    this.#runs.clear();
  }

  /** New, or still queued or running: an ended run is final. */
  #replaceable(id: string): boolean {
    const stored = this.#runs.get(id);
    return stored === undefined || isLive(stored.status);
  }

  #sorted(): StoredRun[] {
    return [...this.#runs.values()].sort((a, b) => compareNewestFirst(positionOf(a), positionOf(b)));
  }

  #evict(): void {
    let ended = 0;
    for (const run of this.#runs.values()) if (!isLive(run.status)) ended += 1;
    // Map order is insertion order: the first ended runs met are the ones saved longest ago.
    for (const run of this.#runs.values()) {
      if (ended <= this.maxEnded) break;
      if (isLive(run.status)) continue;
      this.#runs.delete(run.id);
      ended -= 1;
    }
  }
}

function positionOf(run: StoredRun): PagePosition {
  return { createdMs: toMillis(run.createdAt), id: run.id };
}

function compareNewestFirst(a: PagePosition, b: PagePosition): number {
  if (a.createdMs !== b.createdMs) return b.createdMs - a.createdMs;
  return a.id < b.id ? 1 : a.id > b.id ? -1 : 0;
}

function isOlder(run: StoredRun, after: PagePosition): boolean {
  return compareNewestFirst(after, positionOf(run)) < 0;
}
