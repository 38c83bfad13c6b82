import { createRoute } from '@hono/zod-openapi';
import { HealthSchema } from '../api-schemas.js';
import { jsonContent } from '../http/openapi-responses.js';
import { createRouter } from '../http/router.js';

const getHealth = createRoute({
  method: 'get',
  path: '/',
  operationId: 'getHealth',
  security: [],
  tags: ['service'],
  summary: 'Liveness check',
  responses: { 200: jsonContent(HealthSchema, 'The server is up.') },
});

export function healthRoutes() {
  return createRouter().openapi(getHealth, (c) => c.json({ status: 'ok' as const }, 200));
}
