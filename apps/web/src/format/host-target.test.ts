import { describe, expect, it } from 'vitest';
import { ANY_HOST, hostsField, toggleHost } from './host-target.js';

describe('host targets', () => {
  it('sends nothing for any host, the names ticked, or "all"', () => {
    expect(hostsField(ANY_HOST)).toBeUndefined();
    expect(hostsField({ kind: 'all' })).toBe('all');
    expect(hostsField({ kind: 'named', names: ['lab-1', 'arm-1'] })).toEqual(['lab-1', 'arm-1']);
  });

  it('ticks hosts one by one, and falls back to any host when none is left', () => {
    const one = toggleHost(ANY_HOST, 'lab-1', true);
    expect(one).toEqual({ kind: 'named', names: ['lab-1'] });
    const two = toggleHost(one, 'lab-2', true);
    expect(hostsField(two)).toEqual(['lab-1', 'lab-2']);
    expect(toggleHost(toggleHost(two, 'lab-1', false), 'lab-2', false)).toEqual(ANY_HOST);
    // Ticking a host after "all" picks that host alone.
    expect(toggleHost({ kind: 'all' }, 'lab-3', true)).toEqual({ kind: 'named', names: ['lab-3'] });
  });
});
