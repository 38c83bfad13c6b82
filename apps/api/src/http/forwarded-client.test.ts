import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { remoteParty } from './forwarded-client.js';
import { TrustedProxies } from './trusted-proxies.js';

const PROXIES = TrustedProxies.parse('10.0.0.0/8, fd00::/8');
const headers = (values: Record<string, string>) => (name: string) => values[name];

describe('remoteParty', () => {
  it('ignores every forwarding header from a peer that is not a trusted proxy', () => {
    const spoofed = headers({
      forwarded: 'for=198.51.100.1;proto=https',
      'x-forwarded-for': '198.51.100.2',
      'x-forwarded-proto': 'https',
    });
    expect(remoteParty('203.0.113.9', spoofed, PROXIES)).toEqual({ address: '203.0.113.9', proto: undefined });
    expect(remoteParty('10.0.0.1', spoofed, TrustedProxies.none)).toEqual({ address: '10.0.0.1', proto: undefined });
  });

  it('takes the right-most hop that is not a trusted proxy from X-Forwarded-For', () => {
    // The client wrote 1.1.1.1 itself; the first proxy appended the client's real address.
    const chain = headers({ 'x-forwarded-for': '1.1.1.1, 203.0.113.7, 10.0.0.5', 'x-forwarded-proto': 'https' });
    expect(remoteParty('10.0.0.1', chain, PROXIES)).toEqual({ address: '203.0.113.7', proto: 'https' });
    expect(remoteParty('::ffff:10.0.0.1', chain, PROXIES).address).toBe('203.0.113.7');
  });

  it('reads RFC 7239 Forwarded: ports, brackets, quotes, IPv6, and the proto of the client hop', () => {
    const forwarded = headers({
      forwarded: 'for=192.0.2.60;proto=http, for="[2001:DB8::17]:4711";proto=https, for="10.0.0.3:80";proto=http',
    });
    expect(remoteParty('10.0.0.1', forwarded, PROXIES)).toEqual({ address: '2001:db8::17', proto: 'https' });
  });

  it('stops at a hop that is not an address: the proxy that wrote it counts as the client', () => {
    expect(remoteParty('10.0.0.1', headers({ forwarded: 'for=unknown, for=10.0.0.2' }), PROXIES).address).toBe(
      '10.0.0.2',
    );
    expect(remoteParty('10.0.0.1', headers({ 'x-forwarded-for': '203.0.113.1, _hidden' }), PROXIES).address).toBe(
      '10.0.0.1',
    );
  });

  it('with every hop a trusted proxy, the left-most counts', () => {
    expect(remoteParty('10.0.0.1', headers({ 'x-forwarded-for': '10.9.9.9, 10.0.0.2' }), PROXIES).address).toBe(
      '10.9.9.9',
    );
  });

  it('believes neither header when they name different clients, nor a malformed Forwarded', () => {
    const disagree = headers({ forwarded: 'for=198.51.100.1', 'x-forwarded-for': '203.0.113.7' });
    expect(remoteParty('10.0.0.1', disagree, PROXIES).address).toBe('10.0.0.1');
    const agree = headers({ forwarded: 'for=203.0.113.7', 'x-forwarded-for': '203.0.113.7' });
    expect(remoteParty('10.0.0.1', agree, PROXIES).address).toBe('203.0.113.7');
    const malformed = headers({ forwarded: 'for=203.0.113.7;;', 'x-forwarded-for': '203.0.113.7' });
    expect(remoteParty('10.0.0.1', malformed, PROXIES).address).toBe('10.0.0.1');
  });

  it('takes the scheme alone from a trusted TLS terminator', () => {
    expect(remoteParty('10.0.0.1', headers({ forwarded: 'proto=https' }), PROXIES)).toEqual({
      address: '10.0.0.1',
      proto: 'https',
    });
    expect(remoteParty('10.0.0.1', headers({ 'x-forwarded-proto': 'HTTPS' }), PROXIES)).toEqual({
      address: '10.0.0.1',
      proto: 'https',
    });
  });

  it('never throws and always answers an address of the chain, whatever the headers (fuzz)', () => {
    const hop = fc.oneof(
      fc.ipV4(),
      fc.ipV6(),
      fc.constantFrom('10.0.0.7', 'fd00::1', 'unknown', '_x', '[::1]:80', '"[fd00::2]"', '1.2.3.4:5'),
      fc.string({ maxLength: 20 }),
    );
    const header = fc.oneof(
      fc.array(hop, { maxLength: 6 }).map((hops) => hops.join(', ')),
      fc.array(hop, { maxLength: 6 }).map((hops) => hops.map((h) => `for=${h};proto=https`).join(',')),
      fc.string({ maxLength: 200 }),
      fc.string({ unit: 'binary', maxLength: 50 }),
    );
    fc.assert(
      fc.property(
        fc.record({ forwarded: header, 'x-forwarded-for': header, 'x-forwarded-proto': header }, { requiredKeys: [] }),
        fc.boolean(),
        (values, trustedPeer) => {
          const peer = trustedPeer ? '10.0.0.1' : '203.0.113.1';
          const { address, proto } = remoteParty(peer, headers(values), PROXIES);
          if (!trustedPeer) expect(address).toBe(peer);
          // The key is always a canonical address: never a string a client made up.
          expect(address === peer || /^[\d.]+$|^[\da-f:.]+$/.test(address ?? '')).toBe(true);
          if (proto !== undefined) expect(proto).toMatch(/^[a-z][a-z0-9+.-]*$/);
        },
      ),
      { seed: Number(process.env.RACELAB_FUZZ_SEED ?? 20), numRuns: 2_000 },
    );
  });
});
