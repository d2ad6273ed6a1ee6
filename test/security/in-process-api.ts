/**
 * The API without the socket: a request is matched against the route table and
 * turned into the same API Gateway v2 event the local gateway builds, then the
 * route's handler module is invoked in this process (unmatched requests go to
 * the same `$default` fallback). Fuzzing thousands of requests this way costs
 * the handler's work only; anything about transport (the gateway's 2 MiB limit)
 * is tested over HTTP instead.
 *
 * `deliver` can hand the very same event to a handler twice: a Lambda retried
 * after a timeout sees an identical event, request id included.
 */
import { Socket } from 'node:net';
import type { IncomingMessage } from 'node:http';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { apiGatewayEvent } from '../../infra/local/api-gateway-event.js';
import { invoke, loadHandler } from '../../infra/local/lambda-runtime.js';
import { API_FUNCTION_TIMEOUT_SECONDS } from '../../infra/function-settings.js';
import { matchRoute, routeKeyOf } from '../../infra/routing/match-route.js';
import { unmatchedRouteResponse } from '../../infra/routing/route-fallback.js';
import { routes, type RouteDefinition } from '../../shared/http/route-table.js';

export interface ApiRequest {
  method: string;
  /** Path with its raw query string, as sent on the wire. */
  url: string;
  token?: string;
  headers?: Record<string, string>;
  /** A string is sent as is; anything else as JSON. */
  body?: unknown;
}

export interface CallOptions {
  /**
   * The function timeout; the deployed one by default. Tests of correctness under
   * contention raise it, because DynamoDB Local on a shared CI machine is far
   * slower than DynamoDB, and latency is not what they measure.
   */
  timeoutSeconds?: number;
}

export interface ApiResponse {
  status: number;
  headers: Record<string, string>;
  text: string;
  /** The parsed body when it is JSON, else undefined. */
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- bodies are checked by assertions
  json: any;
  route?: RouteDefinition;
}

/** The event the gateway would build for `request`, with the route it matched (undefined: `$default`). */
export function eventFor(request: ApiRequest): { event: APIGatewayProxyEventV2; route?: RouteDefinition } {
  const method = request.method.toUpperCase();
  const rawPath = request.url.split('?')[0]!;
  const rawHeaders: string[] = [];
  const headers: Record<string, string> = { host: 'api.test', ...request.headers };
  const body = request.body === undefined ? undefined : typeof request.body === 'string' ? request.body : JSON.stringify(request.body);
  if (body !== undefined && !Object.keys(headers).some((h) => h.toLowerCase() === 'content-type')) headers['content-type'] = 'application/json';
  if (request.token !== undefined) headers.authorization = `Bearer ${request.token}`;
  for (const [k, v] of Object.entries(headers)) rawHeaders.push(k, v);
  const socket = new Socket();
  const message = { url: request.url, method, rawHeaders, httpVersion: '1.1', socket } as unknown as IncomingMessage;
  const match = matchRoute(routes, method, rawPath);
  if (match.outcome !== 'matched') return { event: apiGatewayEvent(message, body, { routeKey: '$default' }) };
  const event = apiGatewayEvent(message, body, { routeKey: routeKeyOf(match.route), pathParameters: match.pathParameters });
  return { event, route: match.route };
}

/** Invokes the handler of `route` (or the fallback) with `event`, as Lambda would. */
export async function deliver(event: APIGatewayProxyEventV2, route: RouteDefinition | undefined, options: CallOptions = {}): Promise<ApiResponse> {
  let result: APIGatewayProxyStructuredResultV2;
  if (!route) {
    result = unmatchedRouteResponse(routes, event.requestContext.http.method, event.rawPath, event.requestContext.requestId)!;
  } else {
    const handler = await loadHandler<APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2>(route.handler);
    result = await invoke(route.name, handler, event, options.timeoutSeconds ?? API_FUNCTION_TIMEOUT_SECONDS);
  }
  const text = result.body ?? '';
  let json: unknown;
  try {
    json = text ? JSON.parse(text) : undefined;
  } catch {
    json = undefined;
  }
  const headers: Record<string, string> = {};
  for (const [k, v] of Object.entries(result.headers ?? {})) headers[k.toLowerCase()] = String(v);
  return { status: result.statusCode ?? 200, headers, text, json, route };
}

/** One request through the route table, in process. */
export async function call(request: ApiRequest, options: CallOptions = {}): Promise<ApiResponse> {
  const { event, route } = eventFor(request);
  return deliver(event, route, options);
}

/** A request that must answer `status` (a test's setup step); throws with the answer when it does not. */
export async function callExpecting(request: ApiRequest, status = 200, options: CallOptions = { timeoutSeconds: 60 }): Promise<ApiResponse> {
  const res = await call(request, options);
  if (res.status !== status) throw new Error(`${request.method} ${request.url}: ${res.status} ${res.text}`);
  return res;
}

/**
 * The request as an IdP sends it: a 429 or 503 is retried after its Retry-After
 * (Okta and Entra both do), up to `attempts` times. Returns the final answer and
 * how many retryable answers came before it.
 */
export async function callWithRetries(request: ApiRequest, options: CallOptions & { attempts?: number } = {}): Promise<ApiResponse & { retried: number }> {
  for (let retried = 0; ; retried++) {
    const response = await call(request, options);
    const retryable = response.status === 429 || response.status === 503;
    if (!retryable || retried + 1 >= (options.attempts ?? 6)) return { ...response, retried };
    const after = Number(response.headers['retry-after'] ?? '1');
    await new Promise((r) => setTimeout(r, Math.min(2, Number.isFinite(after) ? after : 1) * 1000 * (0.5 + Math.random() / 2)));
  }
}

/** SCIM's error envelope (RFC 7644 §3.12): what every SCIM error must look like. */
export function isScimError(response: ApiResponse): boolean {
  const b = response.json;
  return (
    response.headers['content-type']?.startsWith('application/scim+json') === true &&
    b !== null &&
    typeof b === 'object' &&
    Array.isArray(b.schemas) &&
    b.schemas[0] === 'urn:ietf:params:scim:api:messages:2.0:Error' &&
    b.status === String(response.status) &&
    typeof b.detail === 'string' &&
    b.detail.length > 0
  );
}

/** The admin API's error envelope: `{statusCode, message, code}`. */
export function isAdminError(response: ApiResponse): boolean {
  const b = response.json;
  return (
    response.headers['content-type']?.startsWith('application/json') === true &&
    b !== null &&
    typeof b === 'object' &&
    b.statusCode === response.status &&
    typeof b.message === 'string' &&
    b.message.length > 0 &&
    typeof b.code === 'string' &&
    /^[a-z_]+(\.[a-z_]+)+$/.test(b.code)
  );
}

/** True when an error answer is in the envelope its path calls for. */
export const inRightEnvelope = (url: string, response: ApiResponse): boolean => (url.startsWith('/scim/') ? isScimError(response) : isAdminError(response));
