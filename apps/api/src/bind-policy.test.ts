import { describe, expect, it } from 'vitest';
import { bindProblem, isLoopback } from './bind-policy.js';

const TOKEN = 'test-token-0123456789abcdef';

describe('isLoopback', () => {
  it.each(['127.0.0.1', '127.1.2.3', 'localhost', 'LOCALHOST', '::1', '[::1]', '::ffff:127.0.0.1'])('%s is', (host) => {
    expect(isLoopback(host)).toBe(true);
  });

  it.each(['0.0.0.0', '::', '192.168.1.10', '10.0.0.1', 'example.com', '::ffff:10.0.0.1', ''])('%s is not', (host) => {
    expect(isLoopback(host)).toBe(false);
  });
});

describe('bindProblem', () => {
  it('lets loopback listen with or without a token', () => {
    expect(bindProblem({ host: '127.0.0.1' })).toBeUndefined();
    expect(bindProblem({ host: '::1', token: TOKEN })).toBeUndefined();
  });

  it('needs both --allow-remote and a token for anything else', () => {
    const refused = /^refusing to listen on 0\.0\.0\.0, .* both --allow-remote and a token/;
    expect(bindProblem({ host: '0.0.0.0' })).toMatch(refused);
    expect(bindProblem({ host: '0.0.0.0', allowRemote: true })).toMatch(refused);
    expect(bindProblem({ host: '0.0.0.0', token: TOKEN })).toMatch(refused);
    expect(bindProblem({ host: '0.0.0.0', allowRemote: true, token: TOKEN })).toBeUndefined();
  });

  it('refuses a token nobody could send or anybody could guess, wherever it listens', () => {
    expect(bindProblem({ host: '127.0.0.1', token: 'short' })).toMatch(/at least 16/);
    expect(bindProblem({ host: '0.0.0.0', allowRemote: true, token: 'short' })).toMatch(/at least 16/);
  });
});
