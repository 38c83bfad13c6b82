import { createRoute } from '@hono/zod-openapi';
import { STRATEGIES, STRATEGY_INFO } from '@racelab/schema';
import { StrategyListSchema } from '../api-schemas.js';
import { jsonContent } from '../http/openapi-responses.js';
import { createRouter } from '../http/router.js';

const listStrategies = createRoute({
  method: 'get',
  path: '/',
  tags: ['experiments'],
  summary: 'The strategies an experiment can use, with one-line descriptions',
  responses: { 200: jsonContent(StrategyListSchema, 'Every strategy.') },
});

// The words every front end uses for them, from @racelab/schema's STRATEGY_INFO.
const strategies = STRATEGIES.map((name) => {
  const { description, synchronized, total } = STRATEGY_INFO[name];
  return { name, description, synchronized, total };
});

export function strategyRoutes() {
  return createRouter().openapi(listStrategies, (c) => c.json({ strategies }, 200));
}
