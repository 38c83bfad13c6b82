export {
  BadLocationError,
  CorruptRunError,
  DatabaseTooNewError,
  InvalidCursorError,
  InvalidRunError,
  LabHostsTooOldError,
  type LiveHostVersion,
  NotRacelabDatabaseError,
  RunExistsError,
  StoreError,
  type StoreErrorCode,
  StoreRejectedError,
  StoreUnavailableError,
} from './errors.js';
export {
  type HostClaim,
  type HostIdentity,
  HostNameTakenError,
  type HostState,
  type LabHost,
  LabQueueFullError,
  type LostHost,
} from './lab/hosts.js';
export { LabDatabase, type QueueLimits } from './lab/lab-database.js';
export {
  DATABASE_ENV,
  defaultDatabasePath,
  describeLocation,
  type LocationContext,
  resolveLocation,
  type StoreLocation,
} from './location.js';
export { MemoryRunStore } from './memory/memory-store.js';
export { SCHEMA_VERSION } from './migrations/index.js';
export { type OpenRunStoreOptions, openRunStore } from './open.js';
export type {
  MarkInterruptedOptions,
  PruneOptions,
  RunCriteria,
  RunPage,
  RunPageRequest,
  RunStore,
  StoreEngine,
} from './run-store.js';
export { INTERRUPTED_MESSAGE } from './runs.js';
export { SqlRunStore } from './sql/sql-store.js';
