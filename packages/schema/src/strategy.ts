import { z } from 'zod';

/** How each increment of the shared counter is protected. */
export const STRATEGIES = ['none', 'mutex', 'spinlock', 'atomic'] as const;

export const StrategySchema = z.enum(STRATEGIES, { error: `must be one of ${STRATEGIES.join(', ')}` }).meta({
  id: 'Strategy',
  description: 'How each increment of the shared counter is protected.',
});

export type Strategy = z.infer<typeof StrategySchema>;

/** One line per strategy, shared by the CLI help, the dashboard and `GET /strategies`. */
export const STRATEGY_DESCRIPTIONS: Readonly<Record<Strategy, string>> = {
  none: 'Plain read, add, write on shared memory: the race. Usually loses updates.',
  mutex: 'Locks a racelab Mutex (three-state Atomics futex lock) around read-add-write. Exact.',
  spinlock: 'Busy-waits on Atomics.compareExchange around read-add-write. Exact.',
  atomic: 'One Atomics.add per increment: lock-free. Exact.',
};

/** Strategies whose total must always equal `workers × iterations`. */
export function isSynchronized(strategy: Strategy): boolean {
  return strategy !== 'none';
}
