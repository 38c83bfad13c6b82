import { describe, expect, it } from 'vitest';
import { normalizeAddress, TrustedProxies } from './trusted-proxies.js';

describe('TrustedProxies', () => {
  it('matches addresses and CIDR ranges, IPv4 and IPv6, an IPv4-mapped peer as its IPv4 address', () => {
    const trusted = TrustedProxies.parse('10.0.0.1, 192.168.0.0/16,fd00::/8 , ::1');
    for (const address of ['10.0.0.1', '::ffff:10.0.0.1', '192.168.200.7', 'fd12:3456::9', '::1', '0:0:0:0:0:0:0:1']) {
      expect(trusted.trusts(address), address).toBe(true);
    }
    for (const address of ['10.0.0.2', '192.169.0.1', 'fe00::1', '::2', '127.0.0.1', 'unknown', '', '10.0.0.1:80']) {
      expect(trusted.trusts(address), address).toBe(false);
    }
  });

  it('knows loopback, linklocal and uniquelocal by name', () => {
    const trusted = TrustedProxies.parse(['loopback', 'UniqueLocal']);
    for (const address of ['127.0.0.1', '127.9.9.9', '::1', '10.1.2.3', '172.31.0.1', 'fc00::5']) {
      expect(trusted.trusts(address), address).toBe(true);
    }
    expect(trusted.trusts('172.32.0.1')).toBe(false);
    expect(trusted.trusts('169.254.1.1')).toBe(false);
    expect(TrustedProxies.parse('linklocal').trusts('169.254.1.1')).toBe(true);
  });

  it.each([
    '10.0.0.300',
    '10.0.0.0/33',
    '::1/129',
    '127.1',
    '0x7f.0.0.1',
    'localhost',
    '10.0.0.0/',
    '10.0.0.0/8/8',
    'fe80::1%eth0',
    '*',
  ])('refuses %s, naming it', (entry) => {
    expect(() => TrustedProxies.parse(`10.0.0.1,${entry}`)).toThrow(
      new RegExp(`^"${entry.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}" is not an IP address or CIDR range`),
    );
  });

  it('trusts nobody when the list is empty', () => {
    expect(TrustedProxies.parse(' , ').isEmpty).toBe(true);
    expect(TrustedProxies.none.trusts('127.0.0.1')).toBe(false);
  });

  it('writes addresses one way: IPv4 dotted, IPv6 as RFC 5952', () => {
    expect(normalizeAddress('::ffff:203.0.113.5')).toBe('203.0.113.5');
    expect(normalizeAddress('2001:DB8:0:0:0:0:0:1')).toBe('2001:db8::1');
    expect(normalizeAddress('203.0.113.05')).toBeUndefined();
  });
});
