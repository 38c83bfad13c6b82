import { useEffect, useState } from 'preact/hooks';

type LabModule = typeof import('../lab/index.js');

/** Loaded once, when the server is in a lab or a group is shown; a lone server's page never fetches it. */
let loading: Promise<LabModule> | undefined;

/** The lab's components once `needed`; undefined until then (and while they load). */
export function useLabModule(needed: boolean): LabModule | undefined {
  const [module, setModule] = useState<LabModule | undefined>(undefined);
  useEffect(() => {
    if (!needed || module) return;
    let current = true;
    loading ??= import('../lab/index.js');
    loading.then(
      (loaded) => current && setModule(loaded),
      () => {
        loading = undefined;
      },
    );
    return () => {
      current = false;
    };
  }, [needed, module]);
  return module;
}
