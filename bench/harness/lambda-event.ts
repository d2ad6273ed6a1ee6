/**
 * API Gateway (payload 2.0) events for invoking a handler without HTTP: built by
 * the gateway's own translation from a request-shaped object, so a handler sees
 * exactly what the local gateway (and API Gateway) would hand it.
 */
import type { IncomingMessage } from 'node:http';
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { apiGatewayEvent } from '../../infra/local/api-gateway-event.js';
import type { RouteDefinition } from '../../shared/http/route-table.js';
import { routeKeyOf } from '../../infra/routing/match-route.js';

export interface EventRequest {
  route: RouteDefinition;
  /** Values for the route's `{param}` segments. */
  params: Record<string, string>;
  query?: string;
  token?: string;
  body?: unknown;
  contentType?: string;
}

export function lambdaEvent(request: EventRequest): APIGatewayProxyEventV2 {
  const path = request.route.path.replace(/\{(\w+)\}/g, (_, name: string) => encodeURIComponent(request.params[name] ?? name));
  const rawHeaders = ['host', '127.0.0.1', 'user-agent', 'provisioning-bench'];
  if (request.token) rawHeaders.push('authorization', `Bearer ${request.token}`);
  const body = request.body === undefined ? undefined : JSON.stringify(request.body);
  if (body !== undefined) rawHeaders.push('content-type', request.contentType ?? 'application/json');
  const message = {
    url: request.query ? `${path}?${request.query}` : path,
    method: request.route.method,
    httpVersion: '1.1',
    rawHeaders,
    socket: { remoteAddress: '127.0.0.1' },
  } as unknown as IncomingMessage;
  const pathParameters = Object.fromEntries(Object.entries(request.params).filter(([name]) => request.route.path.includes(`{${name}}`)));
  return apiGatewayEvent(message, body, { routeKey: routeKeyOf(request.route), pathParameters });
}
