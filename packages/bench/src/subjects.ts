import { STRATEGIES, type Strategy } from '@racelab/schema';

/** The anchors racelab's four strategies (the schema's `STRATEGIES`) are judged against. */
export const ANCHORS = ['atomics-mutex', 'web-locks', 'single-thread'] as const;

export type Anchor = (typeof ANCHORS)[number];
export type Subject = Strategy | Anchor;

export const SUBJECTS: readonly Subject[] = [...STRATEGIES, ...ANCHORS];

export const SUBJECT_LABELS: Record<Subject, string> = {
  none: 'none (race)',
  mutex: 'racelab Mutex',
  spinlock: 'spinlock (TTAS)',
  atomic: 'Atomics.add',
  'atomics-mutex': 'V8 Atomics.Mutex',
  'web-locks': 'Web Locks',
  'single-thread': 'single thread',
};
