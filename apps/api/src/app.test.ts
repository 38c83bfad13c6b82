import { STRATEGIES } from '@racelab/schema';
import { afterAll, describe, expect, it } from 'vitest';
import { createTestApp } from '../test/support/test-app.js';
import { HealthSchema, StrategyListSchema } from './api-schemas.js';

const { app, queue } = createTestApp();
afterAll(() => queue.close());

describe('GET /health', () => {
  it('answers ok, with a request id and security headers', async () => {
    const response = await app.request('/health');
    expect(response.status).toBe(200);
    expect(HealthSchema.parse(await response.json())).toEqual({ status: 'ok' });
    expect(response.headers.get('x-request-id')).toMatch(/^[\w-]+$/);
    expect(response.headers.get('x-frame-options')).toBe('SAMEORIGIN');
  });

  it("echoes a caller's request id", async () => {
    const response = await app.request('/health', { headers: { 'x-request-id': 'trace-42' } });
    expect(response.headers.get('x-request-id')).toBe('trace-42');
  });
});

describe('GET /strategies', () => {
  it('lists every strategy with its description', async () => {
    const { strategies } = StrategyListSchema.parse(await (await app.request('/strategies')).json());
    expect(strategies.map((strategy) => strategy.name)).toEqual([...STRATEGIES]);
    expect(strategies.find((strategy) => strategy.name === 'none')?.synchronized).toBe(false);
  });
});

describe('GET /openapi.json', () => {
  it('is an OpenAPI 3.1 document listing every route, built from the shared schemas', async () => {
    const response = await app.request('/openapi.json');
    expect(response.status).toBe(200);
    const document = (await response.json()) as {
      openapi: string;
      paths: Record<string, Record<string, { responses: Record<string, unknown> }>>;
      components: { schemas: Record<string, unknown> };
    };
    expect(document.openapi).toBe('3.1.0');
    const operations = Object.entries(document.paths).flatMap(([path, methods]) =>
      Object.keys(methods).map((method) => `${method.toUpperCase()} ${path}`),
    );
    expect(operations.sort()).toEqual(
      [
        'GET /health',
        'GET /hosts',
        'GET /strategies',
        'POST /runs',
        'GET /runs',
        'GET /runs/{id}',
        'DELETE /runs/{id}',
        'GET /runs/{id}/events',
        'POST /results',
      ].sort(),
    );
    expect(Object.keys(document.components.schemas)).toEqual(
      expect.arrayContaining(['ExperimentConfig', 'ExperimentResult', 'ProgressSnapshot', 'ApiError', 'Run', 'Trace']),
    );
    const trace = document.components.schemas.Trace as { properties: Record<string, unknown> };
    expect(Object.keys(trace.properties).sort()).toEqual(
      ['pairs', 'readsAboveFinal', 'repeatedReads', 'rollbacks', 'views'].sort(),
    );
    const config = document.components.schemas.ExperimentConfig as { properties: Record<string, unknown> };
    expect(config.properties.trace).toMatchObject({ type: 'boolean', default: false });
    expect(Object.keys(document.paths['/runs']?.post?.responses ?? {}).sort()).toEqual(
      ['200', '202', '400', '401', '408', '409', '413', '415', '429', '431', '503'].sort(),
    );
    // Every operation lists the answers any request can get, errors included.
    for (const methods of Object.values(document.paths)) {
      for (const operation of Object.values(methods)) expect(Object.keys(operation.responses)).toContain('408');
    }
    const listRuns = document.paths['/runs']?.get as unknown as {
      operationId: string;
      parameters: Array<{ name: string; in: string }>;
      responses: Record<string, { content?: Record<string, unknown> }>;
    };
    expect(listRuns.operationId).toBe('listRuns');
    expect(listRuns.parameters.map(({ name }) => name).sort()).toEqual(
      [
        'strategy',
        'status',
        'runtime',
        'host',
        'source',
        'group',
        'since',
        'until',
        'limit',
        'cursor',
        'format',
      ].sort(),
    );
    expect(Object.keys(listRuns.responses['200']?.content ?? {}).sort()).toEqual(
      ['application/json', 'application/x-ndjson', 'text/csv'].sort(),
    );
    expect(Object.keys(listRuns.responses).sort()).toEqual(['200', '400', '408', '431', '503']);
    const recordResult = document.paths['/results']?.post as unknown as {
      operationId: string;
      responses: Record<string, unknown>;
    };
    expect(recordResult.operationId).toBe('recordResult');
    expect(Object.keys(recordResult.responses).sort()).toEqual(
      ['201', '400', '401', '408', '409', '413', '415', '429', '431', '503'].sort(),
    );
  });

  it('declares the bearer token on the routes that start, cancel or record runs, and security: [] on the rest', async () => {
    const document = (await (await app.request('/openapi.json')).json()) as {
      paths: Record<string, Record<string, { security?: unknown; operationId?: string }>>;
      components: { securitySchemes?: Record<string, { type: string; scheme: string }> };
    };
    expect(document.components.securitySchemes?.bearerAuth).toMatchObject({ type: 'http', scheme: 'bearer' });
    const operations = Object.entries(document.paths).flatMap(([path, methods]) =>
      Object.entries(methods).map(([method, operation]) => ({ route: `${method.toUpperCase()} ${path}`, operation })),
    );
    const secured = operations.filter(({ operation }) => JSON.stringify(operation.security) !== '[]');
    for (const { operation } of secured) expect(operation.security).toEqual([{ bearerAuth: [] }]);
    expect(secured.map(({ route }) => route).sort()).toEqual(['DELETE /runs/{id}', 'POST /results', 'POST /runs']);
    expect(Object.fromEntries(operations.map(({ route, operation }) => [route, operation.operationId]))).toEqual({
      'GET /health': 'getHealth',
      'GET /strategies': 'listStrategies',
      'POST /runs': 'submitRun',
      'GET /runs': 'listRuns',
      'GET /runs/{id}': 'getRun',
      'DELETE /runs/{id}': 'cancelRun',
      'GET /runs/{id}/events': 'streamRunEvents',
      'POST /results': 'recordResult',
      'GET /hosts': 'listHosts',
    });
  });
});

describe('GET /docs', () => {
  it('serves the interactive reference, pointed at the document', async () => {
    const response = await app.request('/docs');
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^text\/html/);
    expect(await response.text()).toContain('/openapi.json');
  });
});

describe('CORS', () => {
  it('is off unless origins are given', async () => {
    const response = await app.request('/health', { headers: { origin: 'https://example.com' } });
    expect(response.headers.get('access-control-allow-origin')).toBeNull();
  });

  it('answers preflights and exposes Location for allowed origins', async () => {
    const { app: openApp, queue: openQueue } = createTestApp({}, { corsOrigins: ['https://lab.example'] });
    try {
      const preflight = await openApp.request('/runs', {
        method: 'OPTIONS',
        headers: {
          origin: 'https://lab.example',
          'access-control-request-method': 'POST',
          'access-control-request-headers': 'content-type, authorization',
        },
      });
      expect(preflight.status).toBe(204);
      expect(preflight.headers.get('access-control-allow-headers')).toContain('authorization');
      expect(preflight.headers.get('access-control-allow-origin')).toBe('https://lab.example');
      const health = await openApp.request('/health', { headers: { origin: 'https://lab.example' } });
      expect(health.headers.get('access-control-expose-headers')).toContain('Location');
    } finally {
      await openQueue.close();
    }
  });
});
