/**
 * The API routes of one envelope (SCIM or admin) in a nested stack.
 *
 * Why nested: a route costs six CloudFormation resources (function, log group,
 * role, invoke permission, integration, route) and a tenant about a dozen,
 * against CloudFormation's 500 per stack. With the routes in two nested stacks
 * the root keeps the table, the API, triggers, consumers, tenants and alarms,
 * and each part has room to grow. A nested stack receives the table, the API and
 * the pools' ARNs as parameters, which CDK wires by itself.
 */
import { NestedStack } from 'aws-cdk-lib';
import { HttpRoute, HttpRouteKey, HttpMethod, type HttpApi } from 'aws-cdk-lib/aws-apigatewayv2';
import { HttpLambdaIntegration } from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import type { Construct } from 'constructs';
import type { RouteDefinition } from '../../shared/http/route-table.js';
import { API_FUNCTION_TIMEOUT_SECONDS } from '../function-settings.js';
import type { FunctionPermissions } from '../function-permissions.js';
import { routeKeyOf } from '../routing/match-route.js';
import type { GrantableResources } from './function-role.js';
import { serviceFunction } from './service-function.js';
import { pascal } from './construct-ids.js';
import { acknowledgeRouteAuth } from './nag-acknowledgements.js';

export interface RouteStackProps {
  routes: readonly RouteDefinition[];
  api: HttpApi;
  environment: Record<string, string>;
  resources: GrantableResources;
  /** Permissions of routes not in function-permissions.ts (fixture tables in tests). */
  extraPermissions?: Readonly<Record<string, FunctionPermissions>>;
}

export class RouteStack extends NestedStack {
  /** Route name → function. */
  readonly routeFunctions = new Map<string, IFunction>();

  constructor(scope: Construct, id: string, props: RouteStackProps) {
    super(scope, id, { description: `API routes: ${id}` });
    for (const route of props.routes) {
      const fn = serviceFunction(this, `Route${pascal(route.name)}`, {
        name: route.name,
        handler: route.handler,
        description: routeKeyOf(route),
        timeoutSeconds: API_FUNCTION_TIMEOUT_SECONDS,
        environment: props.environment,
        resources: props.resources,
        permissions: props.extraPermissions?.[route.name],
      });
      const apiRoute = new HttpRoute(this, `Route${pascal(route.name)}Route`, {
        httpApi: props.api,
        routeKey: HttpRouteKey.with(route.path, HttpMethod[route.method]),
        integration: new HttpLambdaIntegration(`Route${pascal(route.name)}Integration`, fn),
      });
      acknowledgeRouteAuth(apiRoute, route.auth);
      this.routeFunctions.set(route.name, fn);
    }
  }
}
