/**
 * One route table drives both the deployed API and the local gateway: a route
 * added to (a copy of) the table appears as a Lambda and an API route in the
 * synthesized stack, and the local gateway serves it with the same route key.
 */
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { describe, expect, it } from 'vitest';
import { routes, type RouteDefinition } from '../../shared/http/route-table.js';
import { startTestGateway } from '../support/gateway.js';
import { resourcesOf, synth } from './synth.js';

const added: RouteDefinition = {
  name: 'test.widgets.get',
  method: 'GET',
  path: '/api/svc/v1/widgets/{widgetId}',
  handler: 'test/local/fixtures/echo-handler.ts',
  auth: 'public',
};
const table = [...routes, added];

describe('a route added to the table', () => {
  // A CDK synth: CPU-bound seconds on an idle machine, many times that on a busy one.
  it('appears in the stack as its own function and API route', { timeout: 120_000 }, () => {
    const { stack, templates } = synth({ routes: table, extraPermissions: { [added.name]: { table: 'none' } } });
    const routeKeys = resourcesOf(templates, 'AWS::ApiGatewayV2::Route').map((r) => r.Properties.RouteKey);
    expect(routeKeys).toContain('GET /api/svc/v1/widgets/{widgetId}');
    const descriptions = resourcesOf(templates, 'AWS::Lambda::Function').map((f) => f.Properties.Description);
    expect(descriptions).toContain('GET /api/svc/v1/widgets/{widgetId}');
    expect(stack.routeFunctions.has(added.name)).toBe(true);
  });

  it('is served by the local gateway, and unknown without it', async () => {
    const withRoute = await startTestGateway({ routes: table });
    const without = await startTestGateway({ routes });
    try {
      const response = await withRoute.request('/api/svc/v1/widgets/w-1');
      expect(response.status).toBe(200);
      const { event } = (await response.json()) as { event: APIGatewayProxyEventV2 };
      expect(event.routeKey).toBe('GET /api/svc/v1/widgets/{widgetId}');
      expect(event.pathParameters).toEqual({ widgetId: 'w-1' });
      expect((await without.request('/api/svc/v1/widgets/w-1')).status).toBe(404);
    } finally {
      await Promise.all([withRoute.close(), without.close()]);
    }
  });
});
