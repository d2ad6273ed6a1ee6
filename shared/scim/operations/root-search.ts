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
  const users = userSource(ctx.table, ctx.tenant.id) as ResourceSource<unknown>;
  const groups = groupSource(ctx.table, ctx.tenant.id) as ResourceSource<unknown>;
  if (request.filter !== undefined) assertValidForSomeType(request.filter, [users, groups]);
  // Users come first, so the Users page at startIndex is the answer's start whatever the totals,
  // and it carries the Users total: it is read beside the Groups count, not after both counts.
  const [userPage, groupCount] = await Promise.all([run(users, request), run(groups, { ...request, startIndex: 1, count: 0 })]);
  const resources: unknown[] = [...userPage.Resources];
  const room = request.count - resources.length;
  const groupsSkipped = Math.max(0, request.startIndex - 1 - userPage.totalResults);
  if (room > 0 && groupsSkipped < groupCount.totalResults) {
    resources.push(...(await run(groups, { ...request, startIndex: groupsSkipped + 1, count: room })).Resources);
  }
  const totalResults = userPage.totalResults + groupCount.totalResults;
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
