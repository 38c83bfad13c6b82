import { describe, expect, it } from 'vitest';
import { PerClientSlots } from './per-client-slots.js';

describe('PerClientSlots', () => {
  it('caps each client apart, frees a slot on release, and counts a double release once', () => {
    const slots = new PerClientSlots(2);
    const first = slots.take('a');
    const second = slots.take('a');
    expect(first).toBeTypeOf('function');
    expect(second).toBeTypeOf('function');
    expect(slots.take('a')).toBeUndefined();
    expect(slots.take('b')).toBeTypeOf('function'); // another client is not affected
    first?.();
    first?.();
    expect(slots.heldBy('a')).toBe(1);
    expect(slots.take('a')).toBeTypeOf('function');
    expect(slots.take('a')).toBeUndefined();
    expect(slots.total).toBe(3);
  });
});
