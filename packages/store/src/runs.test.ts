import { describe, expect, it } from 'vitest';
import { CorruptRunError } from './errors.js';
import { storedRunFromJson } from './runs.js';
import { makeStoredRun } from './testing/runs.js';

describe('storedRunFromJson', () => {
  it('checks a document again whenever its text changed since it last passed', () => {
    const run = makeStoredRun({ id: 'checked-once' });
    const json = JSON.stringify(run);
    expect(storedRunFromJson(run.id, json)).toEqual(run);
    expect(storedRunFromJson(run.id, json)).toEqual(run);
    const edited = json.replace('"status":"completed"', '"status":"finished"');
    expect(() => storedRunFromJson(run.id, edited)).toThrow(CorruptRunError);
  });

  it('hands back a fresh object each time, and strips unknown fields every time', () => {
    const run = makeStoredRun({ id: 'with-extra' });
    const json = JSON.stringify({ ...run, extra: 'not in the schema' });
    const first = storedRunFromJson(run.id, json);
    const second = storedRunFromJson(run.id, json);
    expect(first).not.toHaveProperty('extra');
    expect(second).not.toHaveProperty('extra');
    const plain = JSON.stringify(run);
    const a = storedRunFromJson(run.id, plain);
    const b = storedRunFromJson(run.id, plain);
    expect(a).not.toBe(b);
  });
});
