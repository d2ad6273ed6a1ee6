/**
 * The parameters of a list or search (RFC 7644 §3.4.2, §3.4.3; RFC 9865), from
 * a GET query string or a POST `.search` body, checked once: integers where
 * integers are due (400 `invalidValue` otherwise), `startIndex` below 1 read as
 * 1 and a negative `count` as 0 (as the RFC says), `count` capped at the
 * advertised maximum page size.
 */
import { isObject } from '../resource-input.js';
import { SEARCH_REQUEST_SCHEMA } from '../schemas/core-schemas.js';
import { invalidValue } from '../scim-errors.js';

export const DEFAULT_PAGE_SIZE = 100;
export const MAX_PAGE_SIZE = 1000;

export interface ListRequest {
  filter?: string;
  startIndex: number;
  count: number;
  /** Present (possibly empty, meaning "first page") when the client paginates by cursor. */
  cursor?: string;
  sortBy?: string;
  sortOrder: 'ascending' | 'descending';
  attributes?: string;
  excludedAttributes?: string;
}

type Raw = Record<string, unknown>;

export function listRequestFromQuery(query: Record<string, string | undefined>): ListRequest {
  const lower: Raw = {};
  for (const [k, v] of Object.entries(query)) lower[k.toLowerCase()] = v;
  return build(lower, 'query parameter');
}

export function listRequestFromSearch(body: unknown): ListRequest {
  if (body === undefined) return build({}, 'attribute');
  if (!isObject(body)) throw invalidValue('A search body must be a SearchRequest JSON object');
  const schemas = body.schemas;
  if (
    schemas !== undefined &&
    (!Array.isArray(schemas) || !schemas.some((s) => typeof s === 'string' && s.toLowerCase() === SEARCH_REQUEST_SCHEMA.toLowerCase()))
  ) {
    throw invalidValue(`"schemas" of a search must contain "${SEARCH_REQUEST_SCHEMA}"`);
  }
  const lower: Raw = {};
  for (const [k, v] of Object.entries(body)) {
    if (k === 'schemas') continue;
    lower[k.toLowerCase()] = Array.isArray(v) ? joinNames(v, k) : v;
  }
  return build(lower, 'attribute');
}

const KNOWN = new Set(['filter', 'startindex', 'count', 'cursor', 'sortby', 'sortorder', 'attributes', 'excludedattributes']);

function build(raw: Raw, part: string): ListRequest {
  for (const key of Object.keys(raw)) {
    if (!KNOWN.has(key) && part === 'attribute') throw invalidValue(`Unknown SearchRequest ${part} "${key}"`);
  }
  const cursor = optionalString(raw.cursor, 'cursor');
  const startIndexRaw = raw.startindex;
  if (cursor !== undefined && startIndexRaw !== undefined && startIndexRaw !== '') {
    throw invalidValue('Use either "startIndex" or "cursor" pagination, not both');
  }
  const startIndex = Math.max(1, integer(startIndexRaw, 'startIndex') ?? 1);
  const count = Math.min(MAX_PAGE_SIZE, Math.max(0, integer(raw.count, 'count') ?? DEFAULT_PAGE_SIZE));
  const order = optionalString(raw.sortorder, 'sortOrder')?.toLowerCase() ?? 'ascending';
  if (order !== 'ascending' && order !== 'descending') throw invalidValue(`sortOrder must be "ascending" or "descending", got "${order}"`);
  return {
    filter: nonEmpty(optionalString(raw.filter, 'filter')),
    startIndex,
    count,
    cursor,
    sortBy: nonEmpty(optionalString(raw.sortby, 'sortBy')),
    sortOrder: order,
    attributes: nonEmpty(optionalString(raw.attributes, 'attributes')),
    excludedAttributes: nonEmpty(optionalString(raw.excludedattributes, 'excludedAttributes')),
  };
}

function integer(v: unknown, name: string): number | undefined {
  if (v === undefined || v === null || v === '') return undefined;
  const n = typeof v === 'number' ? v : typeof v === 'string' && /^-?\d{1,15}$/.test(v.trim()) ? Number(v.trim()) : Number.NaN;
  if (!Number.isSafeInteger(n)) throw invalidValue(`"${name}" must be an integer, got ${JSON.stringify(v)}`);
  return n;
}

function optionalString(v: unknown, name: string): string | undefined {
  if (v === undefined || v === null) return undefined;
  if (typeof v !== 'string') throw invalidValue(`"${name}" must be a string`);
  return v;
}

const nonEmpty = (v: string | undefined) => (v === undefined || v.trim() === '' ? undefined : v);

function joinNames(v: unknown[], key: string): string {
  if (v.some((x) => typeof x !== 'string')) throw invalidValue(`"${key}" must be an array of attribute names`);
  return v.join(',');
}
