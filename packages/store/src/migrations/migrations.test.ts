import { describe, expect, it } from 'vitest';
import { MARK_SCHEMA_VERSION, MIGRATIONS, SCHEMA_VERSION, schemaVersionOf, versionOf } from './index.js';

describe('the migrations', () => {
  it('are numbered 0001 onwards without a gap, the last number being SCHEMA_VERSION', () => {
    const versions = Object.keys(MIGRATIONS).map(versionOf);
    expect(versions).toEqual(Array.from({ length: versions.length }, (_, index) => index + 1));
    expect(SCHEMA_VERSION).toBe(versions.length);
    expect(schemaVersionOf({})).toBe(0);
  });

  it('declare compatibleFrom only after the mark exists, as a whole schema version no newer than their own', () => {
    for (const [name, migration] of Object.entries(MIGRATIONS)) {
      if (migration.compatibleFrom === undefined) continue;
      const version = versionOf(name) ?? 0;
      expect(version, name).toBeGreaterThan(MARK_SCHEMA_VERSION);
      expect(Number.isInteger(migration.compatibleFrom), name).toBe(true);
      expect(migration.compatibleFrom, name).toBeGreaterThanOrEqual(1);
      expect(migration.compatibleFrom, name).toBeLessThanOrEqual(version);
    }
  });
});
