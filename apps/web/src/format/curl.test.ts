import { describe, expect, it } from 'vitest';
import { curlCommand } from './curl.js';

const config = { strategy: 'none', workers: 4, iterations: 1000, trials: 3 } as const;

describe('curlCommand', () => {
  it('posts the same settings and waits for the result', () => {
    expect(curlCommand(config, 'http://127.0.0.1:8787', false)).toBe(
      `curl --json '{"strategy":"none","workers":4,"iterations":1000,"trials":3}' 'http://127.0.0.1:8787/runs?wait=true'`,
    );
  });

  it('names the token variable, never the token', () => {
    expect(curlCommand(config, 'http://x', true)).toContain('-H "Authorization: Bearer $RACELAB_API_TOKEN"');
  });
});
