import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { LIMIT_SETTINGS } from './limit-settings.js';
import { DEFAULT_LIMITS } from './limits.js';

const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8');
const limitsSection = readme.slice(readme.indexOf('## Limits'), readme.indexOf('## On Bun and Deno'));

describe('the README', () => {
  it.each(LIMIT_SETTINGS)('documents $flag with its default and environment variable on one row', (setting) => {
    const row = limitsSection.split('\n').find((line) => line.includes(`\`${setting.flag} N\``));
    expect(row, `no row for ${setting.flag}`).toBeDefined();
    expect(row).toContain(`\`${setting.env}\``);
    expect(row).toContain(DEFAULT_LIMITS[setting.key].toLocaleString('en-US'));
  });

  it('documents --trust-proxy with its environment variable and default on one row', () => {
    const row = limitsSection.split('\n').find((line) => line.includes('`--trust-proxy ADDRESSES`'));
    expect(row).toContain('`RACELAB_API_TRUST_PROXY`');
    expect(row).toMatch(/\| none/);
    expect(limitsSection).toContain('### Behind a proxy');
  });
});
