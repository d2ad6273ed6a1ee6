/**
 * The HTTP kit: every route's handler is `defineRoute(contract, impl)`, from the
 * kit of its API (`./define-route.ts` for the admin API, `scimRoute` for SCIM).
 * One middy stack parses the body, authenticates per the route table's auth kind,
 * validates params, query and body with the contract's zod schemas, runs the
 * implementation, and maps any error once into the route's envelope (admin or
 * SCIM). Entry points in `functions/` stay a few lines of domain calls.
 *
 * Each API's kit brings only its own authenticator, so a function's bundle holds
 * the credential code its routes accept and no other (a SCIM function has no JWT
 * verifier): bundle size is most of a cold start.
 */
import middy from '@middy/core';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2, Context } from 'aws-lambda';
import { settings } from '../config/env.js';
import * as z from '../validation/zod.js';
import { AppError, BadRequestError, isAppError, NotFoundError, UnavailableError } from '../errors/app-error.js';
import type { Principal } from '../caller/principal.js';
import { table as defaultTable, type Table } from '../storage/table.js';
import { readJsonBody } from './body.js';
import { AdminErrorSchema, contentTypeOf, errorBody } from './envelopes.js';
import { responseProblems } from './response-checks.js';
import { logger } from '../observability/logger.js';
import { corsResponseHeaders } from './cors.js';
import { noteRequestTenant, recordRequest } from '../observability/metrics.js';
import type { AuthKind } from '../auth/auth-kind.js';
import { envelopeOf, routes, type Envelope, type RouteDefinition, type RouteName } from './route-table.js';

/** Any zod 4 schema (mini or classic): the kit only parses with it and reads its JSON Schema. */
type Schema = z.core.$ZodType;

export interface RouteContract<P extends Schema, Q extends Schema, B extends Schema> {
  /** The route-table entries this module serves (several routes may share one module). */
  routes: readonly RouteName[];
  summary: string;
  params?: P;
  query?: Q;
  body?: B;
  /** Response body schemas by status, for the OpenAPI document and response checks in tests. */
  responses?: Partial<Record<number, Schema>>;
}

export interface RouteRequest<P, Q, B> {
  route: RouteDefinition;
  params: P;
  query: Q;
  body: B;
  principal: Principal;
  headers: Record<string, string | undefined>;
  requestId: string;
  event: APIGatewayProxyEventV2;
  table: Table;
}

export interface RouteResult {
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
}

type Infer<T> = T extends Schema ? z.infer<T> : undefined;

export type RouteHandler = ((event: APIGatewayProxyEventV2, context: Context) => Promise<APIGatewayProxyStructuredResultV2>) & {
  contract: RouteContract<Schema, Schema, Schema>;
};

/** How one API's routes authenticate: the auth kinds it serves, and the credential check itself. */
export interface Authenticator {
  kinds: readonly AuthKind[];
  authenticate(table: Table, route: RouteDefinition, event: APIGatewayProxyEventV2): Promise<Principal>;
}

export type DefineRoute = <P extends Schema = Schema, Q extends Schema = Schema, B extends Schema = Schema>(
  contract: RouteContract<P, Q, B>,
  impl: (request: RouteRequest<Infer<P>, Infer<Q>, Infer<B>>) => Promise<RouteResult>,
) => RouteHandler;

/** The `defineRoute` of an API whose routes authenticate with `authenticator`. */
export function routeKit(authenticator: Authenticator): DefineRoute {
  return (contract, impl) => defineRouteWith(authenticator, contract, impl);
}

function defineRouteWith<P extends Schema, Q extends Schema, B extends Schema>(
  authenticator: Authenticator,
  contract: RouteContract<P, Q, B>,
  impl: (request: RouteRequest<Infer<P>, Infer<Q>, Infer<B>>) => Promise<RouteResult>,
): RouteHandler {
  const served = contract.routes.map((name) => {
    const route = routes.find((r) => r.name === name);
    if (!route) throw new Error(`Route ${name} is not in the route table`);
    if (!authenticator.kinds.includes(route.auth)) {
      throw new Error(`Route ${name} authenticates as '${route.auth}'; this kit serves ${authenticator.kinds.join(', ')} routes`);
    }
    return route as RouteDefinition;
  });

  const core = async (event: APIGatewayProxyEventV2): Promise<APIGatewayProxyStructuredResultV2> => {
    const route = routeOf(event, served);
    const table = defaultTable();
    const rawBody = readJsonBody(event);
    const principal = await authenticator.authenticate(table, route, event);
    if (principal.kind !== 'anonymous') logger.appendKeys({ tenantId: principal.tenant.id });
    if (principal.kind !== 'anonymous') noteRequestTenant(event, principal.tenant.id); // metrics
    const request: RouteRequest<Infer<P>, Infer<Q>, Infer<B>> = {
      route,
      params: validate(contract.params, event.pathParameters ?? {}, 'path parameter') as Infer<P>,
      query: validate(contract.query, event.queryStringParameters ?? {}, 'query parameter') as Infer<Q>,
      body: validate(contract.body, rawBody, 'body') as Infer<B>,
      principal,
      headers: lowerCaseHeaders(event.headers),
      requestId: event.requestContext?.requestId ?? 'local',
      event,
      table,
    };
    const result = await impl(request);
    checkResponse(contract, route, result);
    return withCors(serialize(envelopeOf(route), result, request.requestId), event);
  };

  // Answer before Lambda kills the invocation, so a request stuck on a slow dependency gets a 503 it can retry.
  const handler = middy<APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2>({ timeoutEarlyInMillis: TIMEOUT_EARLY_MS })
    .use(requestLogging(served))
    .handler(core) as unknown as RouteHandler;
  handler.contract = contract as RouteContract<Schema, Schema, Schema>;
  return handler;
}

function routeOf(event: APIGatewayProxyEventV2, served: RouteDefinition[]): RouteDefinition {
  if (served.length === 1) return served[0]!;
  const route = served.find((r) => `${r.method} ${r.path}` === event.routeKey);
  if (!route) throw new NotFoundError('route.not_found', `No route for ${event.routeKey}`);
  return route;
}

/** Validates one part of the request; a failure names every offending field. */
function validate(schema: Schema | undefined, input: unknown, part: string): unknown {
  if (!schema) return input;
  const parsed = z.safeParse(schema, input);
  if (parsed.success) return parsed.data;
  const issues = parsed.error.issues.map((i) => ({ field: i.path.join('.') || part, message: i.message }));
  const summary = issues.map((i) => (i.field === part ? i.message : `${i.field}: ${i.message}`)).join('; ');
  throw new BadRequestError('request.invalid', `Invalid ${part}: ${summary}`, { details: issues, scimType: 'invalidValue' });
}

/**
 * Test runs only (`VALIDATE_RESPONSES=1`): the body must match the schema the
 * route declares for its status, and pass every registered response check.
 */
function checkResponse(contract: RouteContract<Schema, Schema, Schema>, route: RouteDefinition, result: RouteResult): void {
  if (settings().VALIDATE_RESPONSES !== '1') return;
  const schema = contract.responses?.[result.status];
  const problems: string[] = [];
  if (schema && result.status !== 204) {
    const parsed = z.safeParse(schema, result.body);
    if (!parsed.success) problems.push(`does not match its schema: ${parsed.error.message}`);
  }
  problems.push(...responseProblems({ route: route.name, method: route.method, path: route.path, status: result.status, body: result.body }));
  if (problems.length) throw new Error(`Response ${result.status} of ${route.name}: ${problems.join('; ')}`);
}

/** The same check for an error answer: admin errors all share one schema; a failure becomes a 500 the test sees. */
function checkErrorResponse(route: RouteDefinition, response: APIGatewayProxyStructuredResultV2): APIGatewayProxyStructuredResultV2 {
  if (settings().VALIDATE_RESPONSES !== '1') return response;
  const status = response.statusCode ?? 500;
  const body: unknown = typeof response.body === 'string' && response.body ? JSON.parse(response.body) : undefined;
  const problems: string[] = [];
  if (envelopeOf(route) === 'admin') {
    const parsed = z.safeParse(AdminErrorSchema, body);
    if (!parsed.success) problems.push(`does not match the error schema: ${parsed.error.message}`);
  }
  problems.push(...responseProblems({ route: route.name, method: route.method, path: route.path, status, body }));
  if (!problems.length) return response;
  const message = `Error response ${status} of ${route.name}: ${problems.join('; ')}`;
  logger.error(message);
  return { statusCode: 500, headers: response.headers, body: JSON.stringify({ statusCode: 500, code: 'internal', message }) };
}

function serialize(envelope: Envelope, result: RouteResult, requestId: string): APIGatewayProxyStructuredResultV2 {
  const headers: Record<string, string> = { 'x-request-id': requestId, ...result.headers };
  if (result.body === undefined || result.status === 204 || result.status === 304) {
    return { statusCode: result.status, headers, body: '' };
  }
  headers['content-type'] ??= contentTypeOf(envelope);
  return { statusCode: result.status, headers, body: JSON.stringify(result.body) };
}

/** Maps an error to its envelope; anything unknown is a 500 that hides its message. */
export function errorResponse(envelope: Envelope, error: unknown, requestId: string): APIGatewayProxyStructuredResultV2 {
  const appError: Pick<AppError, 'status' | 'message' | 'code' | 'details' | 'scimType' | 'headers'> = isAppError(error)
    ? error
    : { status: 500, code: 'internal', message: `Internal error (request ${requestId})` };
  return {
    statusCode: appError.status,
    headers: { 'content-type': contentTypeOf(envelope), 'x-request-id': requestId, ...appError.headers },
    body: JSON.stringify(errorBody(envelope, appError)),
  };
}

function requestLogging(served: RouteDefinition[]): middy.MiddlewareObj<APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2> {
  const envelope = envelopeOf(served[0]!);
  const started = new WeakMap<object, number>();
  return {
    before: (request) => {
      started.set(request, performance.now());
      logger.addContext(request.context);
      logger.appendKeys({ requestId: request.event.requestContext?.requestId, routeKey: request.event.routeKey });
    },
    after: (request) => {
      // --- metrics: per-route and per-tenant EMF, see ../observability/metrics.ts
      recordRequest({
        route: routeNameOf(request.event, served),
        status: request.response?.statusCode ?? 0,
        durationMs: elapsed(started.get(request)),
        event: request.event,
      });
      logCompletion(request.response?.statusCode ?? 0, started.get(request));
    },
    onError: (request) => {
      const requestId = request.event.requestContext?.requestId ?? 'local';
      if (isTimeout(request.error)) request.error = new UnavailableError('The request did not finish in time; retry it', 2, request.error);
      const status = isAppError(request.error) ? request.error.status : 500;
      if (status >= 500) logger.error('Request failed', { error: request.error as Error });
      request.response = withCors(checkErrorResponse(routeOfEvent(request.event, served), errorResponse(envelope, request.error, requestId)), request.event);
      // --- metrics
      recordRequest({
        route: routeNameOf(request.event, served),
        status: request.response.statusCode ?? 500,
        durationMs: elapsed(started.get(request)),
        event: request.event,
      });
      logCompletion(request.response.statusCode ?? 500, started.get(request));
    },
  };
}

const routeOfEvent = (event: APIGatewayProxyEventV2, served: RouteDefinition[]): RouteDefinition =>
  served.find((r) => `${r.method} ${r.path}` === event.routeKey) ?? served[0]!;

// --- metrics
const routeNameOf = (event: APIGatewayProxyEventV2, served: RouteDefinition[]): string => routeOfEvent(event, served).name;
const elapsed = (startedAt: number | undefined): number | undefined => (startedAt === undefined ? undefined : performance.now() - startedAt);
// --- end metrics

/** Adds the CORS headers a browser needs, for the admin and sign-in routes only (see cors.ts). */
function withCors(response: APIGatewayProxyStructuredResultV2, event: APIGatewayProxyEventV2): APIGatewayProxyStructuredResultV2 {
  const cors = corsResponseHeaders(event.headers?.origin, event.rawPath ?? '');
  if (Object.keys(cors).length === 0) return response;
  return { ...response, headers: { ...response.headers, ...cors } };
}

/** How long before the Lambda deadline the kit gives up and answers 503. */
const TIMEOUT_EARLY_MS = 500;

/** middy's early-timeout error: the dependency was slow, the client may retry as is. */
const isTimeout = (error: unknown): boolean => !isAppError(error) && (error as { name?: string } | null)?.name === 'TimeoutError';

function logCompletion(status: number, startedAt: number | undefined) {
  logger.info('request completed', { status, durationMs: startedAt === undefined ? undefined : performance.now() - startedAt });
  logger.resetKeys();
}

function lowerCaseHeaders(headers: APIGatewayProxyEventV2['headers'] | undefined): Record<string, string | undefined> {
  const out: Record<string, string | undefined> = {};
  for (const [k, v] of Object.entries(headers ?? {})) out[k.toLowerCase()] = v;
  return out;
}
