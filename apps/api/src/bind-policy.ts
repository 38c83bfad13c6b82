/**
 * Who may reach the server. Experiments burn every core, so a server bound beyond loopback must be
 * asked for explicitly (`allowRemote`) and must check a token, or anyone on the network could keep
 * the machine busy.
 */
import { isIPv4, isIPv6 } from 'node:net';
import { tokenProblem } from './http/bearer-token.js';

export interface BindRequest {
  host: string;
  allowRemote?: boolean;
  token?: string | undefined;
}

/** Only addresses that cannot be reached from another machine; other host names count as remote. */
export function isLoopback(host: string): boolean {
  const bare = host.replace(/^\[(.*)\]$/, '$1').toLowerCase();
  if (bare === 'localhost') return true;
  if (isIPv4(bare)) return bare.startsWith('127.');
  if (isIPv6(bare)) return bare === '::1' || /^::ffff:127\./.test(bare);
  return false;
}

/** Why the server must not start with these settings, in one line; undefined when it may. */
export function bindProblem({ host, allowRemote = false, token }: BindRequest): string | undefined {
  if (token !== undefined) {
    const problem = tokenProblem(token);
    if (problem) return problem;
  }
  if (isLoopback(host)) return undefined;
  if (!allowRemote || token === undefined) {
    return `refusing to listen on ${host}, which other machines can reach: that needs both --allow-remote and a token (--token or RACELAB_API_TOKEN)`;
  }
  return undefined;
}
