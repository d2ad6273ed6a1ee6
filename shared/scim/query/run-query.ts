/**
 * Runs a list or search over one resource type:
 * - no filter and no sort: pages straight off the tenant's partition, exact
 *   `totalResults` from counters; with a cursor each page is one Query, by
 *   index a bookmarked page is one Query too (shared/storage/page-bookmarks.ts);
 * - a filter the planner keys: lookups give a few candidates, the evaluator
 *   decides exactly;
 * - any other filter or a sort: the tenant's resources of that type are read and
 *   evaluated in memory (exact, cost grows with the tenant); membership terms
 *   then read only the named ids' edges, a bounded cost (membership-edges.ts).
 * `totalResults` is always exact; `count=0` reads no resources.
 */
import type { ScimDocument } from '../filter/evaluator.js';
import { compileFilter, type CompileOptions } from '../filter/evaluator.js';
import { parseFilter } from '../filter/parser.js';
import type { Projection } from '../projection.js';
import { LIST_RESPONSE_SCHEMA } from '../schemas/core-schemas.js';
import type { ResourceTypeDef } from '../schemas/resource-types.js';
import { readPageAt, type KeyedListing } from '../../storage/page-bookmarks.js';
import { decodeCursor, encodeCursor, queryDigest } from './cursor.js';
import type { ListRequest } from './list-request.js';
import { planLookups, type Lookup } from './lookup-plan.js';
import { sortDocuments, sortSpec } from './sort.js';
import type { Filter } from '../filter/ast.js';

/** How one resource type is read; implemented for users and groups. */
export interface ResourceSource<T> {
  resource: ResourceTypeDef;
  tenantId: string;
  idOf(item: T): string;
  lookup(lookup: Lookup): Promise<T[]>;
  all(): Promise<T[]>;
  /** Every resource of the type in key (id) order, by page: what an unfiltered, unsorted list reads. */
  listing: KeyedListing<T>;
  total(): Promise<number>;
  /** Documents to evaluate a filter on (with the membership edges it names). */
  filterDocuments(items: T[], filter: Filter): Promise<ScimDocument[]>;
  /** Plain documents (for sorting). */
  documents(items: T[]): ScimDocument[];
  render(items: T[], projection: Projection): Promise<ScimDocument[]>;
}

export interface QueryResult {
  schemas: [typeof LIST_RESPONSE_SCHEMA];
  totalResults: number;
  itemsPerPage: number;
  startIndex?: number;
  nextCursor?: string;
  Resources: ScimDocument[];
}

export async function runQuery<T>(source: ResourceSource<T>, request: ListRequest, projection: Projection, options: CompileOptions = {}): Promise<QueryResult> {
  const filter = request.filter === undefined ? undefined : parseFilter(request.filter);
  const predicate = filter ? compileFilter(filter, source.resource, options) : undefined;
  const sort = request.sortBy ? sortSpec(source.resource, request.sortBy, request.sortOrder) : undefined;
  const digest = queryDigest([source.resource.name, request.filter, request.sortBy, sort ? request.sortOrder : undefined]);
  const position = request.cursor ? decodeCursor(request.cursor, source.tenantId, source.resource.name, digest) : undefined;
  const cursorMode = request.cursor !== undefined;

  if (!filter && !sort) {
    if (cursorMode && position?.offset === undefined) return keyedPage(source, request, projection, digest, position?.key);
    if (!cursorMode) return indexPage(source, request, projection);
  }

  let matches: T[];
  const plan = filter ? planLookups(filter, source.resource) : undefined;
  if (plan) {
    const found = new Map<string, T>();
    for (const lookup of plan) for (const item of await source.lookup(lookup)) found.set(source.idOf(item), item);
    matches = [...found.values()];
  } else {
    matches = await source.all();
  }
  if (filter && predicate) {
    const docs = await source.filterDocuments(matches, filter);
    const keep = new Set(docs.filter(predicate).map((d) => String(d.id)));
    matches = matches.filter((m) => keep.has(source.idOf(m)));
  }
  if (sort) {
    const byId = new Map(matches.map((m) => [source.idOf(m), m]));
    matches = sortDocuments(source.documents(matches), sort).map((d) => byId.get(String(d.id))!);
  } else {
    matches.sort((a, b) => (source.idOf(a) < source.idOf(b) ? -1 : source.idOf(a) > source.idOf(b) ? 1 : 0));
  }
  const offset = cursorMode ? (position?.offset ?? 0) : request.startIndex - 1;
  const slice = matches.slice(offset, offset + request.count);
  const resources = await source.render(slice, projection);
  if (!cursorMode) return envelope(matches.length, resources, { startIndex: request.startIndex });
  const more = offset + slice.length < matches.length && request.count > 0;
  return envelope(
    matches.length,
    resources,
    more ? { nextCursor: encodeCursor(source.tenantId, source.resource.name, digest, { offset: offset + slice.length }) } : {},
  );
}

/** One cursor page of an unfiltered list: Queries from the cursor's key until `count` items. */
async function keyedPage<T>(
  source: ResourceSource<T>,
  request: ListRequest,
  projection: Projection,
  digest: string,
  startKey?: Record<string, unknown>,
): Promise<QueryResult> {
  const total = await source.total();
  const items: T[] = [];
  let key = startKey;
  while (items.length < request.count) {
    const page = await source.listing.page(request.count - items.length, key);
    items.push(...page.items);
    key = page.lastKey;
    if (!key) break;
  }
  const next = key && request.count > 0 ? { nextCursor: encodeCursor(source.tenantId, source.resource.name, digest, { key }) } : {};
  return envelope(total, await source.render(items, projection), next);
}

/** An index page of an unfiltered list: from its bookmark when there is one, else counted from the start. */
async function indexPage<T>(source: ResourceSource<T>, request: ListRequest, projection: Projection): Promise<QueryResult> {
  const { items, total } = await readPageAt(source.listing, request.startIndex - 1, request.count, () => source.total());
  return envelope(total, await source.render(items, projection), { startIndex: request.startIndex });
}

function envelope(total: number, resources: ScimDocument[], paging: { startIndex?: number; nextCursor?: string }): QueryResult {
  return { schemas: [LIST_RESPONSE_SCHEMA], totalResults: total, itemsPerPage: resources.length, ...paging, Resources: resources };
}
