import {
  DatabaseTooNewError,
  LabHostsTooOldError,
  NotRacelabDatabaseError,
  StoreUnavailableError,
} from '@racelab/store';
import { describe, expect, it } from 'vitest';
import { startupExitCode } from './store-flags.js';

describe('startupExitCode', () => {
  it('exits 2 for a database this host must not use as it is, 1 for one it cannot reach', () => {
    const host = { name: 'lab-2', schemaVersion: 4, version: '0.1.0', lastSeenAt: new Date(0) };
    expect(startupExitCode(new LabHostsTooOldError('db', '0005-drop', 5, [host]))).toBe(2);
    expect(startupExitCode(new DatabaseTooNewError('db', 6, 4, 5))).toBe(2);
    expect(startupExitCode(new NotRacelabDatabaseError('db', 'reason'))).toBe(2);
    expect(startupExitCode(new StoreUnavailableError('down'))).toBe(1);
    expect(startupExitCode(new Error('other'))).toBeUndefined();
  });

  it('says in one line which live hosts hold an upgrade back', () => {
    const host = { name: 'lab-2', schemaVersion: 4, version: '0.1.0', lastSeenAt: new Date(0) };
    const error = new LabHostsTooOldError('postgres://lab@db/racelab', '0005-drop', 5, [host]);
    expect(error.message).not.toContain('\n');
    expect(error.message).toContain('lab-2 (schema version 4, racelab 0.1.0, last seen 1970-01-01T00:00:00.000Z)');
    expect(error.message).toContain('upgrade them first, or stop them');
  });
});
