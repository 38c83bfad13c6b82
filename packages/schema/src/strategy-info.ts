/**
 * What each strategy is, for people: the words every front end shows (the CLI's help, the
 * dashboard, the web page, `GET /strategies`, the OpenAPI document). Plain data, no zod, so a web
 * page can read it without loading the validators.
 */

/** How each increment of the shared counter is protected. */
export const STRATEGIES = ['none', 'mutex', 'spinlock', 'atomic'] as const;

export type Strategy = (typeof STRATEGIES)[number];

/** What a strategy's total comes out as. */
export const STRATEGY_TOTALS = ['exact', 'usually short'] as const;

export interface StrategyInfo {
  /** What each increment does, as the contract's table says it: `Atomics.add: lock-free`. */
  increment: string;
  /** One line for help texts and forms: what it does and what total to expect. */
  description: string;
  /** True when the total always equals `workers × iterations`. */
  synchronized: boolean;
  /** What the total comes out as: `exact`, or `usually short` for the race. */
  total: (typeof STRATEGY_TOTALS)[number];
}

export const STRATEGY_INFO: Readonly<Record<Strategy, Readonly<StrategyInfo>>> = {
  none: {
    increment: 'plain read, add, write on shared memory: the race',
    description: 'Plain read, add, write on shared memory: the race. Usually loses updates.',
    synchronized: false,
    total: 'usually short',
  },
  mutex: {
    increment: 'lock a racelab `Mutex` (Atomics futex lock), read-add-write, unlock',
    description: 'Locks a racelab Mutex (three-state Atomics futex lock) around read-add-write. Exact.',
    synchronized: true,
    total: 'exact',
  },
  spinlock: {
    increment: 'busy-wait on `Atomics.compareExchange`, read-add-write, release',
    description: 'Busy-waits on Atomics.compareExchange around read-add-write. Exact.',
    synchronized: true,
    total: 'exact',
  },
  atomic: {
    increment: '`Atomics.add`: lock-free',
    description: 'One Atomics.add per increment: lock-free. Exact.',
    synchronized: true,
    total: 'exact',
  },
};

/** One line per strategy (`STRATEGY_INFO[s].description`), shared by the CLI help, the dashboard and `GET /strategies`. */
export const STRATEGY_DESCRIPTIONS: Readonly<Record<Strategy, string>> = {
  none: STRATEGY_INFO.none.description,
  mutex: STRATEGY_INFO.mutex.description,
  spinlock: STRATEGY_INFO.spinlock.description,
  atomic: STRATEGY_INFO.atomic.description,
};

/** Strategies whose total must always equal `workers × iterations`. */
export function isSynchronized(strategy: Strategy): boolean {
  return STRATEGY_INFO[strategy].synchronized;
}

/**
 * The strategies as one Markdown list, for the OpenAPI document and other reference text:
 * `` `mutex`: lock a racelab `Mutex` …, unlock (exact) ``.
 */
export function strategyReference(): string {
  return STRATEGIES.map(
    (name) => `- \`${name}\`: ${STRATEGY_INFO[name].increment} (total: ${STRATEGY_INFO[name].total})`,
  ).join('\n');
}
