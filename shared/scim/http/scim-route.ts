/**
 * The SCIM part of the HTTP kit: every SCIM handler is `scimRoute(routes,
 * summary, operation)`. The kit (../../http/route-kit.ts) has already authenticated the
 * tenant's SCIM token, checked the tenant is in SCIM mode and parsed the JSON
 * body; this turns the request into a {@link ScimContext} and {@link ScimInput}
 * and the operation's result into the response, and counts the request for the
 * Provisioning page (shared/health/scim-request-meter.ts).
 */
import * as z from '../../validation/zod.js';
import { actorOf } from '../../caller/principal.js';
import { ForbiddenError } from '../../errors/app-error.js';
import { authenticateScimClient } from '../../auth/scim-client-auth.js';
import { routeKit, type RouteHandler, type RouteRequest } from '../../http/route-kit.js';
import { routeByName, type RouteName } from '../../http/route-table.js';
import { meterScimRequest } from '../../health/scim-request-meter.js';
import { MAX_ID_LENGTH, type ScimContext } from '../scim-context.js';
import type { ScimInput, ScimResult } from '../operations/scim-result.js';

// Built on first use: a function needs one of the two params schemas and one of the three query schemas.
const tenantParams = () => z.object({ tenantId: z.string().check(z.minLength(1), z.describe('The tenant whose SCIM service this is')) });
const TenantParams = z.lazySchema(tenantParams);
const ResourceParams = z.lazySchema(() =>
  z.extend(tenantParams(), {
    id: z.string().check(z.minLength(1), z.maxLength(MAX_ID_LENGTH), z.describe('The resource id')),
  }),
);

const projection = () => ({
  attributes: z.optional(z.string()).check(z.describe('Comma-separated attributes to return (RFC 7644 §3.9)')),
  excludedAttributes: z.optional(z.string()).check(z.describe('Comma-separated attributes not to return')),
});

/** Query parameters, for the OpenAPI document; IdPs send others too (ignored), so the object is loose. */
export const SCIM_QUERIES = {
  resource: z.lazySchema(() => z.looseObject(projection())),
  list: z.lazySchema(() =>
    z.looseObject({
      ...projection(),
      filter: z.optional(z.string()).check(z.describe('RFC 7644 §3.4.2.2 filter')),
      startIndex: z.optional(z.string()).check(z.describe('1-based index of the first result (index pagination)')),
      count: z.optional(z.string()).check(z.describe('Page size, at most 1000')),
      cursor: z.optional(z.string()).check(z.describe('RFC 9865 cursor: empty for the first page, then nextCursor')),
      sortBy: z.optional(z.string()),
      sortOrder: z.optional(z.string()).check(z.describe('ascending or descending')),
    }),
  ),
  none: z.lazySchema(() => z.looseObject({})),
} as const;

/** SCIM routes accept only the tenant's SCIM token. */
const defineRoute = routeKit({ kinds: ['scim'], authenticate: (table, _route, event) => authenticateScimClient(table, event) });

type Request = RouteRequest<{ tenantId: string; id?: string }, unknown, unknown>;

export function scimContextOf(req: Pick<Request, 'principal' | 'table' | 'requestId'>): ScimContext {
  if (req.principal.kind !== 'scim') throw new ForbiddenError('auth.scim_required', 'A SCIM token is required');
  return { table: req.table, tenant: req.principal.tenant, actor: actorOf(req.principal), requestId: req.requestId };
}

export function scimInputOf(req: Request): ScimInput {
  return {
    id: req.params.id,
    query: (req.event.queryStringParameters ?? {}) as Record<string, string | undefined>,
    body: req.body,
    ifMatch: req.headers['if-match'],
    ifNoneMatch: req.headers['if-none-match'],
  };
}

export function scimRoute(
  routes: readonly RouteName[],
  summary: string,
  operation: (ctx: ScimContext, input: ScimInput, req: Request) => Promise<ScimResult>,
  query: keyof typeof SCIM_QUERIES = 'resource',
): RouteHandler {
  const withId = routes.every((name) => routeByName(name)?.path.endsWith('{id}'));
  if (!withId && routes.some((name) => routeByName(name)?.path.endsWith('{id}'))) {
    throw new Error(`SCIM routes ${routes.join(', ')} mix paths with and without {id}; serve them from two modules`);
  }
  return defineRoute({ routes, summary, params: withId ? ResourceParams : TenantParams, query: SCIM_QUERIES[query] }, async (req) => {
    const ctx = scimContextOf(req);
    // Counted for the Provisioning page's health chart, beside the operation (shared/health).
    const meter = meterScimRequest({ table: ctx.table, tenantId: ctx.tenant.id, route: req.route, path: req.event.rawPath ?? '', requestId: req.requestId });
    let result: ScimResult;
    try {
      result = await operation(ctx, scimInputOf(req as Request), req as Request);
    } catch (error) {
      await meter.failed(error);
      throw error;
    }
    await meter.answered(result.status, result.body);
    return { status: result.status, body: result.body, headers: result.headers };
  });
}
