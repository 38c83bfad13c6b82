/**
 * Who the client is behind trusted proxies. Each proxy appends the address it got the request from
 * to `Forwarded` (RFC 7239) or `X-Forwarded-For`, so the list reads client first, nearest proxy
 * last, and only its right end was written by proxies we trust. Walking from the right, the first
 * hop that is not a trusted proxy is the client: whatever a client writes further left is never
 * read. From a peer that is not trusted, the headers are not read at all.
 */
import parseForwarded from 'forwarded-parse';
import { normalizeAddress, type TrustedProxies } from './trusted-proxies.js';

export interface RemoteParty {
  /** The client's address, canonical (IPv4 dotted, IPv6 RFC 5952); undefined when unknown. */
  address: string | undefined;
  /** The scheme the client used, when a trusted proxy says so (`proto=` / `X-Forwarded-Proto`). */
  proto: string | undefined;
}

interface Hop {
  /** Undefined when the hop is not an address (`unknown`, an obfuscated name, garbage). */
  address: string | undefined;
  proto: string | undefined;
}

type Header = (name: string) => string | undefined;

/** `192.0.2.1`, `192.0.2.1:4711`, `[2001:db8::1]`, `[2001:db8::1]:4711`, `2001:db8::1`. */
function hopAddress(node: string): string | undefined {
  const text = node.trim().replace(/^"(.*)"$/, '$1');
  const bracketed = /^\[([^\]]+)\](?::\d{1,5})?$/.exec(text);
  if (bracketed) return normalizeAddress(bracketed[1] ?? '');
  const v4WithPort = /^(\d{1,3}(?:\.\d{1,3}){3}):\d{1,5}$/.exec(text);
  return normalizeAddress(v4WithPort ? (v4WithPort[1] ?? '') : text);
}

function protoOf(value: string | undefined): string | undefined {
  const proto = value?.trim().toLowerCase();
  return proto && /^[a-z][a-z0-9+.-]*$/.test(proto) ? proto : undefined;
}

/** The `Forwarded` hops; null when the header is malformed (then nothing in it can be believed). */
function forwardedHops(header: string): Hop[] | null {
  try {
    return parseForwarded(header).map((element) => ({
      address: element.for === undefined ? undefined : hopAddress(element.for),
      proto: protoOf(element.proto),
    }));
  } catch {
    return null;
  }
}

function xForwardedHops(forwardedFor: string, forwardedProto: string | undefined): Hop[] {
  const addresses = forwardedFor.split(',');
  const protos = forwardedProto?.split(',') ?? [];
  return addresses.map((node, index) => ({
    address: hopAddress(node),
    // One value for all (nginx's `$scheme`), or one per hop.
    proto: protoOf(protos.length === addresses.length ? protos[index] : protos.at(-1)),
  }));
}

/** Right to left: the first hop that is not a trusted proxy; a hop that is not an address stops the walk at the proxy that wrote it. */
function clientOf(peer: Hop, hops: Hop[], trusted: TrustedProxies): Hop {
  let client = peer;
  for (let index = hops.length - 1; index >= 0; index--) {
    const hop = hops[index] as Hop;
    // Who it is, the proxy does not say; how it came (proto=), it may.
    if (hop.address === undefined) return { ...client, proto: client.proto ?? hop.proto };
    client = hop;
    if (!trusted.trusts(hop.address)) return hop;
  }
  return client;
}

/**
 * The client of a request whose connection comes from `peerAddress`. Both headers present and
 * naming different clients, or a malformed `Forwarded`: neither is believed, the peer counts.
 */
export function remoteParty(peerAddress: string | undefined, header: Header, trusted: TrustedProxies): RemoteParty {
  // Not an IP (a test's label, a Unix socket): kept as it is, and never trusted.
  const address = peerAddress === undefined ? undefined : (normalizeAddress(peerAddress) ?? peerAddress);
  const peer: Hop = { address, proto: undefined };
  if (peer.address === undefined || trusted.isEmpty || !trusted.trusts(peer.address)) return peer;
  const forwarded = header('forwarded');
  const forwardedFor = header('x-forwarded-for');
  const candidates: Hop[] = [];
  if (forwarded !== undefined) {
    const hops = forwardedHops(forwarded);
    if (hops === null) return peer;
    candidates.push(clientOf(peer, hops, trusted));
  }
  if (forwardedFor !== undefined) {
    candidates.push(clientOf(peer, xForwardedHops(forwardedFor, header('x-forwarded-proto')), trusted));
  }
  const [first, second] = candidates;
  // A proxy that only says the scheme (a TLS terminator in front of one client, say).
  if (!first) return { ...peer, proto: protoOf(header('x-forwarded-proto')?.split(',').at(-1)) };
  if (second && second.address !== first.address) return peer;
  return { address: first.address, proto: first.proto ?? second?.proto };
}
