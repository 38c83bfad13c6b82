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

/** `hosts` given to a server that is not part of a lab (SQLite or memory store). */
export class NotALabError extends ApiHttpError {
  override name = 'NotALabError';
  constructor() {
    super(400, 'unknown_host', 'hosts: this server is not part of a lab (start it with --database postgres://…)', {
      details: [{ field: 'hosts', message: 'only a server on a PostgreSQL database has hosts' }],
    });
  }
}
