/**
 * POST /.search at the service root (RFC 7644 §3.4.3): Users then Groups, as one
 * list. A term on an attribute only one type has matches nothing of the other
 * type; a filter that is valid for neither type is a 400. Pages by index only (a
 * cursor here is a 400: the two sources have no common key order).
 */
import { InvalidFilterError } from '../filter/filter-error.js';
import { compileFilter } from '../filter/evaluator.js';
import { parseFilter } from '../filter/parser.js';
import { Projection } from '../projection.js';
import { groupSource } from '../query/group-source.js';
import { listRequestFromSearch, type ListRequest } from '../query/list-request.js';
import { runQuery, type QueryResult, type ResourceSource } from '../query/run-query.js';
import { userSource } from '../query/user-source.js';
import { LIST_RESPONSE_SCHEMA } from '../schemas/core-schemas.js';
import type { ScimContext } from '../scim-context.js';
import { invalidValue } from '../scim-errors.js';
import type { ScimInput, ScimResult } from './scim-result.js';

export async function rootSearch(ctx: ScimContext, input: ScimInput): Promise<ScimResult> {
  const request = listRequestFromSearch(input.body);
  if (request.cursor !== undefined) throw invalidValue('Cursor pagination is not available on the root /.search; use startIndex, or search /Users or /Groups');
  const sources: Array<ResourceSource<unknown>> = [
    userSource(ctx.table, ctx.tenant.id) as ResourceSource<unknown>,
    groupSource(ctx.table, ctx.tenant.id) as ResourceSource<unknown>,
  ];
  if (request.filter !== undefined) assertValidForSomeType(request.filter, sources);
  // Both totals at once: the page below needs them, not each other.
  const totals = await Promise.all(sources.map(async (source) => (await run(source, { ...request, startIndex: 1, count: 0 })).totalResults));
  const resources: unknown[] = [];
  let skip = request.startIndex - 1;
  let room = request.count;
  for (const [i, source] of sources.entries()) {
    const total = totals[i];
    if (total === undefined) continue;
    if (skip >= total) {
      skip -= total;
      continue;
    }
    if (room > 0) {
      const page = await run(source, { ...request, startIndex: skip + 1, count: room });
      resources.push(...page.Resources);
      room -= page.Resources.length;
    }
    skip = 0;
  }
  const totalResults = totals.reduce<number>((n, t) => n + (t ?? 0), 0);
  return {
    status: 200,
    body: { schemas: [LIST_RESPONSE_SCHEMA], totalResults, itemsPerPage: resources.length, startIndex: request.startIndex, Resources: resources },
  };
}

function run(source: ResourceSource<unknown>, request: ListRequest): Promise<QueryResult> {
  return runQuery(source, request, new Projection(source.resource, request.attributes, request.excludedAttributes), { unknownAttributes: 'noMatch' });
}

/** A filter must make sense for at least one type: otherwise the strict error of the first type. */
function assertValidForSomeType(text: string, sources: Array<ResourceSource<unknown>>): void {
  const filter = parseFilter(text);
  let firstError: unknown;
  for (const source of sources) {
    try {
      compileFilter(filter, source.resource);
      return;
    } catch (error) {
      if (!(error instanceof InvalidFilterError)) throw error;
      firstError ??= error;
    }
  }
  throw firstError;
}
