import type { Signal } from '@preact/signals';
import type { Host } from '@racelab/api';
import { formatCount } from '@racelab/schema/format';
import { ANY_HOST, type HostTarget, toggleHost } from '../format/host-target.js';

export interface HostPickerProps {
  hosts: readonly Host[];
  target: Signal<HostTarget>;
  /** The API's message for `hosts` (`unknown_host`, `no_live_hosts`), under the picker. */
  problem: string | undefined;
}

/**
 * Where Run sends the experiment in a lab: any host (the first idle one), the hosts ticked (one run
 * on each), or every live host (one run on each, compared side by side). Lost hosts are listed but
 * cannot be ticked: the API would end their run `host_lost`.
 */
export function HostPicker({ hosts, target, problem }: HostPickerProps) {
  const live = hosts.filter((host) => host.state !== 'lost');
  const kind = target.value.kind;
  const named = target.value.kind === 'named' ? target.value.names : [];
  return (
    <fieldset class="field hosts" aria-describedby="hosts-help hosts-error">
      <legend>Hosts</legend>
      <label class="choice">
        <input
          type="radio"
          name="host-target"
          value="any"
          checked={kind === 'any'}
          onChange={() => {
            target.value = ANY_HOST;
          }}
        />
        Any host (the first idle one)
      </label>
      <label class="choice">
        <input
          type="radio"
          name="host-target"
          value="all"
          checked={kind === 'all'}
          disabled={live.length === 0}
          onChange={() => {
            target.value = { kind: 'all' };
          }}
        />
        Every live host ({formatCount(live.length)}), side by side
      </label>
      <ul class="host-list">
        {hosts.map((host) => (
          <li key={host.name}>
            <label class="choice">
              <input
                type="checkbox"
                name="host"
                value={host.name}
                checked={named.includes(host.name)}
                disabled={host.state === 'lost'}
                onChange={(event) => {
                  target.value = toggleHost(target.value, host.name, event.currentTarget.checked);
                }}
              />
              {host.name}
              <span class="hint">
                {' '}
                {host.state} · {host.cpus} {host.cpus === 1 ? 'core' : 'cores'} · {host.runtime}
                {host.queued > 0 ? ` · ${formatCount(host.queued)} queued` : ''}
              </span>
            </label>
          </li>
        ))}
      </ul>
      <p id="hosts-help" class="hint">
        Tick one host or several for one run on each; Compare and the browser run use any host.
      </p>
      <p id="hosts-error" class="error" role={problem ? 'alert' : undefined}>
        {problem ?? ''}
      </p>
    </fieldset>
  );
}
