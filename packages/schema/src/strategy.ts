import { z } from 'zod';
import { STRATEGIES, strategyReference } from './strategy-info.js';

export const StrategySchema = z.enum(STRATEGIES, { error: `must be one of ${STRATEGIES.join(', ')}` }).meta({
  id: 'Strategy',
  description: `How each increment of the shared counter is protected:\n${strategyReference()}`,
});
