import { STRATEGIES, STRATEGY_INFO } from '@racelab/schema';
import { describe, expect, it } from 'vitest';
import { StrategyListSchema } from '../api-schemas.js';
import { strategyRoutes } from './strategies.js';

describe('GET /strategies', () => {
  it('answers every strategy in the words of @racelab/schema', async () => {
    const response = await strategyRoutes().request('/');
    expect(response.status).toBe(200);
    const { strategies } = StrategyListSchema.parse(await response.json());
    expect(strategies).toEqual(
      STRATEGIES.map((name) => {
        const { description, synchronized, total } = STRATEGY_INFO[name];
        return { name, description, synchronized, total };
      }),
    );
  });

  it('documents the strategies in the OpenAPI text from the same source', () => {
    const document = strategyRoutes().getOpenAPI31Document({
      openapi: '3.1.0',
      info: { title: 'racelab', version: '0' },
    });
    const description = String(document.components?.schemas?.Strategy?.description);
    for (const name of STRATEGIES) expect(description).toContain(`\`${name}\`: ${STRATEGY_INFO[name].increment}`);
  });
});
