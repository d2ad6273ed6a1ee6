/**
 * What the API answers when no route matches: API Gateway's own answer is a bare
 * `{"message":"Not Found"}` for any method, so the stack sends unmatched requests
 * (`$default`) to this handler, which answers 404 or 405 in the envelope of the
 * path (SCIM under `/scim/`). The local gateway calls the same function, so both
 * answer alike.
 */
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { MethodNotAllowedError, NotFoundError } from '../../shared/errors/app-error.js';
import { errorResponse } from '../../shared/http/route-kit.js';
import { envelopeOf, routes as routeTable, type RouteDefinition } from '../../shared/http/route-table.js';
import { matchRoute } from './match-route.js';
import { preflightHeaders } from '../../shared/http/cors.js';

/**
 * The answer to a request no route serves (or `undefined` if one does): a CORS
 * preflight of a browser route from an allowed origin (HTTP API CORS would cover
 * SCIM too, so preflights are answered here), else a 404 or 405.
 */
export function unmatchedRouteResponse(
  routes: readonly RouteDefinition[],
  method: string,
  rawPath: string,
  requestId: string,
  origin?: string,
): APIGatewayProxyStructuredResultV2 | undefined {
  const preflight = method === 'OPTIONS' ? preflightHeaders(origin, rawPath) : undefined;
  if (preflight) return { statusCode: 204, headers: preflight, body: '' };
  const match = matchRoute(routes, method, rawPath);
  if (match.outcome === 'matched') return undefined;
  const envelope = envelopeOf({ path: rawPath });
  if (match.outcome === 'method-not-allowed') {
    const allow = match.allowed.join(', ');
    return errorResponse(
      envelope,
      new MethodNotAllowedError('route.method_not_allowed', `Method ${method} is not allowed on ${rawPath}; allowed: ${allow}`, {
        headers: { allow },
      }),
      requestId,
    );
  }
  return errorResponse(envelope, new NotFoundError('route.not_found', `No route for ${method} ${rawPath}`), requestId);
}

/** The `$default` route's Lambda. */
export async function handler(event: APIGatewayProxyEventV2): Promise<APIGatewayProxyStructuredResultV2> {
  const method = event.requestContext.http.method;
  const requestId = event.requestContext.requestId;
  return (
    unmatchedRouteResponse(routeTable, method, event.rawPath, requestId, event.headers?.origin) ??
    // A route exists but API Gateway still sent it here: only possible while a deployment is rolling out.
    errorResponse(envelopeOf({ path: event.rawPath }), new NotFoundError('route.not_found', `No route for ${method} ${event.rawPath}`), requestId)
  );
}
