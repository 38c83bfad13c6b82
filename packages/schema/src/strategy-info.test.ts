import { describe, expect, it } from 'vitest';
import {
  isSynchronized,
  STRATEGIES,
  STRATEGY_DESCRIPTIONS,
  STRATEGY_INFO,
  strategyReference,
} from './strategy-info.js';

describe('STRATEGY_INFO', () => {
  it('describes every strategy, and only those', () => {
    expect(Object.keys(STRATEGY_INFO)).toEqual([...STRATEGIES]);
    expect(Object.keys(STRATEGY_DESCRIPTIONS)).toEqual([...STRATEGIES]);
  });

  it('says the race is the only strategy whose total is not exact', () => {
    expect(STRATEGIES.filter((strategy) => !isSynchronized(strategy))).toEqual(['none']);
    for (const strategy of STRATEGIES) {
      expect(STRATEGY_INFO[strategy].total).toBe(isSynchronized(strategy) ? 'exact' : 'usually short');
      expect(STRATEGY_DESCRIPTIONS[strategy]).toBe(STRATEGY_INFO[strategy].description);
    }
  });

  it('keeps one line per strategy', () => {
    for (const strategy of STRATEGIES) expect(STRATEGY_INFO[strategy].description).not.toContain('\n');
  });

  it('lists the strategies as the public contract words them', () => {
    expect(strategyReference().split('\n')).toEqual([
      '- `none`: plain read, add, write on shared memory: the race (total: usually short)',
      '- `mutex`: lock a racelab `Mutex` (Atomics futex lock), read-add-write, unlock (total: exact)',
      '- `spinlock`: busy-wait on `Atomics.compareExchange`, read-add-write, release (total: exact)',
      '- `atomic`: `Atomics.add`: lock-free (total: exact)',
    ]);
  });
});
