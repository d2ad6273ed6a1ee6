/**
 * The API's routes: one function and route per route-table entry, in a nested
 * stack per envelope (route-stack.ts says why), their per-route throttles on the
 * stage (api-throttling.ts), and the `$default` route, whose function answers an
 * unmatched request with a 404 or 405 in the envelope of its path.
 *
 * Built in the stack's own scope so the nested stacks and the fallback keep
 * their logical ids (function-context.ts says why).
 */
import type { Stack } from 'aws-cdk-lib';
import { HttpRoute, HttpRouteKey, type CfnStage, type HttpApi, type HttpStage } from 'aws-cdk-lib/aws-apigatewayv2';
import { HttpLambdaIntegration } from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import { envelopeOf, type RouteDefinition } from '../../shared/http/route-table.js';
import type { FunctionPermissions } from '../function-permissions.js';
import { API_FUNCTION_TIMEOUT_SECONDS } from '../function-settings.js';
import { routeKeyOf } from '../routing/match-route.js';
import { routeSettings } from './api-throttling.js';
import type { FunctionContext } from './function-context.js';
import { acknowledgeRouteAuth } from './nag-acknowledgements.js';
import { RouteStack } from './route-stack.js';
import { serviceFunction } from './service-function.js';

/** The handler of the `$default` route (see its module for why it exists). */
export const FALLBACK_HANDLER = 'infra/routing/route-fallback.ts';

export interface ApiRoutesProps {
  routes: readonly RouteDefinition[];
  api: HttpApi;
  stage: HttpStage;
  functions: FunctionContext;
  /** Permissions of routes not in function-permissions.ts (fixture tables in tests). */
  extraPermissions?: Readonly<Record<string, FunctionPermissions>>;
}

export class ApiRoutes {
  /** Route name → function. */
  readonly routeFunctions = new Map<string, IFunction>();
  readonly routeStacks: RouteStack[] = [];

  constructor(stack: Stack, props: ApiRoutesProps) {
    const { routes, api, stage, functions } = props;
    assertUniqueRoutes(routes);
    // The L2 stage knows only a stage-wide default throttle.
    (stage.node.defaultChild as CfnStage).addPropertyOverride('RouteSettings', routeSettings(routes));

    for (const [id, group] of [
      ['ScimRoutes', routes.filter((r) => envelopeOf(r) === 'scim')],
      ['AdminRoutes', routes.filter((r) => envelopeOf(r) === 'admin')],
    ] as const) {
      if (group.length === 0) continue;
      const nested = new RouteStack(stack, id, {
        routes: group,
        api,
        environment: functions.environment,
        resources: functions.resources,
        extraPermissions: props.extraPermissions,
      });
      for (const [name, fn] of nested.routeFunctions) this.routeFunctions.set(name, fn);
      // The stage's per-route settings name these routes, so they must exist first.
      stage.node.addDependency(nested);
      this.routeStacks.push(nested);
    }

    const fallback = serviceFunction(stack, 'RouteFallback', {
      name: 'route.fallback',
      handler: FALLBACK_HANDLER,
      description: '$default: 404 or 405 in the envelope of the path',
      timeoutSeconds: API_FUNCTION_TIMEOUT_SECONDS,
      environment: functions.environment,
      resources: functions.resources,
    });
    const defaultRoute = new HttpRoute(stack, 'DefaultRoute', {
      httpApi: api,
      routeKey: HttpRouteKey.DEFAULT,
      integration: new HttpLambdaIntegration('RouteFallbackIntegration', fallback),
    });
    acknowledgeRouteAuth(defaultRoute, 'fallback');
  }
}

/** Throws when two entries share a name (the functions' construct ids) or a method and path. */
function assertUniqueRoutes(routes: readonly RouteDefinition[]): void {
  const names = new Set<string>();
  const keys = new Set<string>();
  for (const route of routes) {
    if (names.has(route.name)) throw new Error(`Route name ${route.name} appears twice in the route table`);
    if (keys.has(routeKeyOf(route))) throw new Error(`Route ${routeKeyOf(route)} appears twice in the route table`);
    names.add(route.name);
    keys.add(routeKeyOf(route));
  }
}
