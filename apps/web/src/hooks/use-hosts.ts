import { type Signal, useSignal } from '@preact/signals';
import type { Host } from '@racelab/api';
import { useCallback, useEffect } from 'preact/hooks';
import { api } from '../api/client.js';

export interface Hosts {
  /** The lab's hosts, by name; empty when this server is not in a lab (or the list could not be read). */
  list: Signal<readonly Host[]>;
  refresh(): Promise<void>;
}

/**
 * A lone server lists itself with a lease of 0 (nothing to heartbeat to); hosts of a lab have a
 * lease. Only a lab gets the host picker.
 */
export function labHosts(hosts: readonly Host[]): readonly Host[] {
  return hosts.some((host) => host.leaseSeconds > 0) ? hosts : [];
}

/** `GET /hosts`, read when the page opens and again whenever `refresh` is called (a run ended). */
export function useHosts(): Hosts {
  const list = useSignal<readonly Host[]>([]);
  const refresh = useCallback(async () => {
    try {
      const response = await api.hosts.$get();
      if (response.ok) list.value = labHosts((await response.json()).hosts);
    } catch {
      // An older server without GET /hosts, or one out of reach: no picker, runs go to any host.
    }
  }, [list]);
  useEffect(() => {
    void refresh();
  }, [refresh]);
  return { list, refresh };
}
