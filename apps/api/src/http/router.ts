import { OpenAPIHono } from '@hono/zod-openapi';
import { configErrorCode, fieldIssues, formatIssues } from '@racelab/schema';
import type { ApiEnv } from './client-identity.js';
import { errorBody } from './error-body.js';

/**
 * Every resource's sub-app: a failed schema check answers with the contract's error body and one
 * `details` entry per bad field, the same text core's `ConfigError` would give.
 */
export function createRouter() {
  return new OpenAPIHono<ApiEnv>({
    defaultHook(result, c) {
      if (result.success) return;
      const what = result.target === 'json' ? 'experiment config' : result.target === 'param' ? 'path' : result.target;
      const code = result.target === 'json' ? configErrorCode(result.error) : 'invalid_request';
      return c.json(errorBody(code, `invalid ${what}: ${formatIssues(result.error)}`, fieldIssues(result.error)), 400);
    },
  });
}
