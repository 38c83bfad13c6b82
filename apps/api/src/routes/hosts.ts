import { createRoute } from '@hono/zod-openapi';
import { type LabHost, SCHEMA_VERSION } from '@racelab/store';
import { type Host, HostListSchema } from '../api-schemas.js';
import { errorResponses, jsonContent } from '../http/openapi-responses.js';
import { createRouter } from '../http/router.js';
import { hostIdentity } from '../lab/host-identity.js';
import type { Lab } from '../lab/lab.js';
import type { RunQueue } from '../runs/run-queue.js';

const listHosts = createRoute({
  method: 'get',
  path: '/',
  operationId: 'listHosts',
  security: [],
  tags: ['lab'],
  summary: 'The hosts of this lab: what each is, and what it is doing',
  description: [
    'Every API sharing one PostgreSQL database is a host of one lab. A host heartbeats; silent for longer',
    'than its lease (`--lease-seconds`, default 10), or stopped, it is `lost`. Without a lab (SQLite or',
    '`--database none`) the list holds this server alone.',
  ].join(' '),
  responses: { 200: jsonContent(HostListSchema, 'The hosts, by name.'), ...errorResponses(503) },
});

export function hostRoutes(queue: RunQueue, lab: Lab | undefined, hostName: string) {
  return createRouter().openapi(listHosts, async (c) => {
    if (!lab) return c.json({ hosts: [thisHostAlone(queue, hostName)], queuedForAnyHost: 0 }, 200);
    const [hosts, queuedForAnyHost] = await Promise.all([lab.hosts(), lab.db.queuedForAnyHost()]);
    return c.json({ hosts: hosts.map(toHost), queuedForAnyHost }, 200);
  });
}

function toHost(host: LabHost): Host {
  const answer: Host = {
    name: host.name,
    cpus: host.cpus,
    cpuModel: host.cpuModel,
    runtime: host.runtime,
    version: host.version,
    state: host.state,
    lastSeenAt: host.lastSeenAt,
    leaseSeconds: host.leaseMs / 1000,
    queued: host.queued,
  };
  if (host.schemaVersion !== undefined) answer.schemaVersion = host.schemaVersion;
  if (host.running !== undefined) answer.running = host.running;
  return answer;
}

/** Not a lab: this server, from its own queue. */
function thisHostAlone(queue: RunQueue, hostName: string): Host {
  const identity = hostIdentity(hostName);
  const running = queue.list().find((record) => record.status === 'running');
  const host: Host = {
    ...identity,
    state: running ? 'running' : 'idle',
    lastSeenAt: new Date().toISOString(),
    leaseSeconds: 0,
    schemaVersion: SCHEMA_VERSION,
    queued: queue.queuedCount,
  };
  if (running) host.running = running.id;
  return host;
}
