import { createRoute } from '@hono/zod-openapi';
import { isSynchronized, STRATEGIES, STRATEGY_DESCRIPTIONS } from '@racelab/schema';
import { StrategyListSchema } from '../api-schemas.js';
import { jsonContent } from '../http/openapi-responses.js';
import { createRouter } from '../http/router.js';

const listStrategies = createRoute({
  method: 'get',
  path: '/',
  operationId: 'listStrategies',
  security: [],
  tags: ['experiments'],
  summary: 'The strategies an experiment can use, with one-line descriptions',
  responses: { 200: jsonContent(StrategyListSchema, 'Every strategy.') },
});

const strategies = STRATEGIES.map((name) => ({
  name,
  description: STRATEGY_DESCRIPTIONS[name],
  synchronized: isSynchronized(name),
}));

export function strategyRoutes() {
  return createRouter().openapi(listStrategies, (c) => c.json({ strategies }, 200));
}
