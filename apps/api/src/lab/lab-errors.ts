/** Why a lab refuses a submission, each error carrying its HTTP status and contract code. */
import { ApiHttpError } from '../http/api-http-error.js';

export class UnknownHostError extends ApiHttpError {
  override name = 'UnknownHostError';
  constructor(unknown: readonly string[], known: readonly string[]) {
    const list = known.length > 0 ? known.join(', ') : 'none yet';
    super(
      400,
      'unknown_host',
      `hosts: no host of this lab is named ${unknown.map((name) => `"${name}"`).join(', ')} (hosts: ${list})`,
      {
        details: unknown.map(() => ({ field: 'hosts', message: `must name hosts of this lab (${list})` })),
      },
    );
  }
}

export class NoLiveHostsError extends ApiHttpError {
  override name = 'NoLiveHostsError';
  constructor() {
    super(409, 'no_live_hosts', 'hosts: "all" found no live host in this lab; see GET /hosts');
  }
}

/**
 * `hosts` naming another host on a server that is not part of a lab (SQLite or memory store): this
 * server is its only host, so its own name and `"all"` mean it, and nothing else exists.
 */
export class NotALabError extends ApiHttpError {
  override name = 'NotALabError';
  constructor(unknown: readonly string[], hostName: string) {
    super(
      400,
      'unknown_host',
      `hosts: no host is named ${unknown.map((name) => `"${name}"`).join(', ')}: this server is not part of a lab, ` +
        `its one host is "${hostName}" (start hosts with --database postgres://… to make a lab)`,
      {
        details: unknown.map(() => ({
          field: 'hosts',
          message: `must be "${hostName}" or "all" (this server is not part of a lab)`,
        })),
      },
    );
  }
}

/** A host leaving the lab (shutting down, or its name taken by another process) queues nothing more. */
export class HostLeavingError extends ApiHttpError {
  override name = 'HostLeavingError';
  constructor(hostName: string) {
    super(
      503,
      'shutting_down',
      `host ${hostName} is leaving the lab and accepts no new runs; submit to another host of the lab`,
    );
  }
}
