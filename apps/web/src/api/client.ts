import type { AppType } from '@racelab/api';
import { hc } from 'hono/client';
import { apiToken } from './token.js';

/** The page's one client: same origin as the page, typed by the API's own routes. */
export const api = hc<AppType>(location.origin, {
  headers: (): Record<string, string> => {
    const token = apiToken.value;
    return token ? { Authorization: `Bearer ${token}` } : {};
  },
});
