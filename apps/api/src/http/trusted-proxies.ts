/**
 * The proxies whose word about the client (`Forwarded`, `X-Forwarded-For`) the server takes:
 * addresses and CIDR ranges, IPv4 and IPv6, matched with ipaddr.js. An IPv4 client on a dual-stack
 * socket (`::ffff:10.0.0.1`) counts as its IPv4 address.
 */
import ipaddr from 'ipaddr.js';

type Address = ipaddr.IPv4 | ipaddr.IPv6;
type Range = [Address, number];

/** Names for the usual private ranges, as Express's `trust proxy` has them. */
const NAMED_RANGES: Record<string, readonly string[]> = {
  loopback: ['127.0.0.0/8', '::1/128'],
  linklocal: ['169.254.0.0/16', 'fe80::/10'],
  uniquelocal: ['10.0.0.0/8', '172.16.0.0/12', '192.168.0.0/16', 'fc00::/7'],
};

export const TRUST_PROXY_EXAMPLES = '10.0.0.1, 10.0.0.0/8, ::1, fd00::/8, loopback, linklocal or uniquelocal';

/**
 * Parses one address as a client or proxy would write it: dotted-quad IPv4 (no `127.1` shorthand,
 * no octal) or IPv6, without brackets or port. Undefined when it is anything else.
 */
export function parseAddress(text: string): Address | undefined {
  if (ipaddr.IPv4.isValidFourPartDecimal(text)) return ipaddr.IPv4.parse(text);
  if (!ipaddr.IPv6.isValid(text)) return undefined;
  const address = ipaddr.IPv6.parse(text);
  if (address.zoneId !== undefined) return undefined;
  return address.isIPv4MappedAddress() ? address.toIPv4Address() : address;
}

/** The canonical text of an address: the key the per-client limits use. */
export function normalizeAddress(text: string): string | undefined {
  const address = parseAddress(text);
  return address?.kind() === 'ipv6' ? (address as ipaddr.IPv6).toRFC5952String() : address?.toString();
}

function parseRange(entry: string): Range[] | undefined {
  const named = NAMED_RANGES[entry.toLowerCase()];
  if (named) return named.map((cidr) => ipaddr.parseCIDR(cidr));
  const slash = entry.indexOf('/');
  const address = parseAddress(slash === -1 ? entry : entry.slice(0, slash));
  if (!address) return undefined;
  const maxBits = address.kind() === 'ipv4' ? 32 : 128;
  if (slash === -1) return [[address, maxBits]];
  const bitsText = entry.slice(slash + 1);
  const bits = /^\d{1,3}$/.test(bitsText) ? Number(bitsText) : Number.NaN;
  return bits <= maxBits ? [[address, bits]] : undefined;
}

export class TrustedProxies {
  readonly #ranges: readonly Range[];

  private constructor(ranges: readonly Range[]) {
    this.#ranges = ranges;
  }

  /** No proxy is trusted: the forwarding headers are ignored from everyone. */
  static readonly none = new TrustedProxies([]);

  /**
   * From a comma-separated list (or several): `10.0.0.1`, `10.0.0.0/8`, `::1`, `fd00::/8`,
   * `loopback`, `linklocal`, `uniquelocal`. Throws a `RangeError` naming the first bad entry.
   */
  static parse(list: string | readonly string[]): TrustedProxies {
    const entries = (typeof list === 'string' ? [list] : list)
      .flatMap((item) => item.split(','))
      .map((entry) => entry.trim())
      .filter((entry) => entry !== '');
    const ranges: Range[] = [];
    for (const entry of entries) {
      const parsed = parseRange(entry);
      if (!parsed) {
        throw new RangeError(`"${entry}" is not an IP address or CIDR range (e.g. ${TRUST_PROXY_EXAMPLES})`);
      }
      ranges.push(...parsed);
    }
    return new TrustedProxies(ranges);
  }

  get isEmpty(): boolean {
    return this.#ranges.length === 0;
  }

  trusts(address: string): boolean {
    const parsed = parseAddress(address);
    if (!parsed) return false;
    return this.#ranges.some(([network, bits]) => network.kind() === parsed.kind() && parsed.match(network, bits));
  }
}
