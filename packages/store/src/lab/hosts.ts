/** A host of a lab as the others see it. */
export type HostState = 'idle' | 'running' | 'lost';

export interface HostIdentity {
  /** The host's label (`--host-name`), unique among live hosts. */
  name: string;
  cpus: number;
  cpuModel: string;
  /** `node v20.20.2`, `bun 1.2.0`, … */
  runtime: string;
  /** The racelab version the host runs. */
  version: string;
}

/** A server that is no lab host taking its name in the notebook (`RunStore.claimHostName`). */
export interface HostClaim {
  identity: HostIdentity;
  /** This process among all that ever used the notebook (see the API's `instanceId`). */
  instance: string;
  /** true when the process behind `instance` is certainly running now (it can be proven only on this machine). */
  isLive: (instance: string) => boolean;
  now?: number;
}

export interface LabHost extends HostIdentity {
  state: HostState;
  lastSeenAt: string;
  startedAt: string;
  leaseMs: number;
  /** The notebook schema version its racelab was built for (absent: a host from before schema 4). */
  schemaVersion?: number;
  /** The run it is running, if any. */
  running?: string;
  /** Runs queued for this host by name (runs for any host are not counted here). */
  queued: number;
}

/** What the others must release when a host is found lost. */
export interface LostHost {
  name: string;
  runningRun: string | undefined;
  workerId: string | undefined;
  jobId: string | undefined;
}

/** Another live process already holds this host name (exit 2 for the API, 409 in the contract's words). */
export class HostNameTakenError extends Error {
  override name = 'HostNameTakenError';
  readonly code = 'host_name_taken';
  constructor(
    readonly hostName: string,
    lastSeenAt: Date,
    /** Who holds it, when not a lab's host: e.g. `another racelab-api serving /data/racelab.db (pid 4242)`. */
    holder?: string,
  ) {
    super(
      holder === undefined
        ? `host name "${hostName}" is taken by a live host of this lab (last seen ${lastSeenAt.toISOString()}); ` +
            'choose another with --host-name, or stop that host first (host_name_taken)'
        : `host name "${hostName}" is taken by ${holder}, since ${lastSeenAt.toISOString()}; ` +
            'choose another with --host-name, or stop that server first (host_name_taken)',
    );
  }
}

/** A client's share of the lab's queue is used up (per-client limits hold lab-wide). */
export class LabQueueFullError extends Error {
  override name = 'LabQueueFullError';
  constructor(
    readonly scope: 'client' | 'lab',
    readonly limit: number,
  ) {
    super(scope === 'client' ? `client has ${limit} runs queued in the lab` : `the lab has ${limit} runs queued`);
  }
}
