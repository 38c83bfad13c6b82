/**
 * Where a run goes in a lab, as `POST /runs` takes it: absent (any host: the first idle one), a
 * list of names (one run on each), or `"all"` (one run on every live host, as one group).
 */
export type HostTarget = { kind: 'any' } | { kind: 'named'; names: readonly string[] } | { kind: 'all' };

export const ANY_HOST: HostTarget = { kind: 'any' };

/** The body's `hosts` field for a target; undefined leaves it out (any host). */
export function hostsField(target: HostTarget): readonly string[] | 'all' | undefined {
  if (target.kind === 'all') return 'all';
  if (target.kind === 'named' && target.names.length > 0) return target.names;
  return undefined;
}

/** Ticks or unticks one host; none left ticked is "any host" again. */
export function toggleHost(target: HostTarget, name: string, on: boolean): HostTarget {
  const names = target.kind === 'named' ? target.names.filter((each) => each !== name) : [];
  if (on) names.push(name);
  return names.length === 0 ? ANY_HOST : { kind: 'named', names };
}
