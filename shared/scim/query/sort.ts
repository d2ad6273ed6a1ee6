/**
 * `sortBy` / `sortOrder` (RFC 7644 §3.4.2.3) over any singular attribute, or the
 * primary (else first) value of a multi-valued one. Strings compare
 * case-insensitively unless the attribute is caseExact; resources without a
 * value sort last in ascending order; ties keep id order, so pages are stable.
 */
import type { ScimDocument } from '../filter/evaluator.js';
import { comparedAttribute, resolveAttribute, splitAttrPath, type ResolvedAttribute, type ResourceTypeDef } from '../schemas/resource-types.js';
import { invalidValue } from '../scim-errors.js';

export interface SortSpec {
  resolved: ResolvedAttribute;
  descending: boolean;
}

export function sortSpec(resource: ResourceTypeDef, sortBy: string, order: 'ascending' | 'descending'): SortSpec {
  const resolved = resolveAttribute(resource, splitAttrPath(sortBy, resource));
  if (!resolved || resolved.attribute.returned === 'never' || comparedAttribute(resolved).type === 'complex') {
    throw invalidValue(`Cannot sort ${resource.name} resources by "${sortBy}"`);
  }
  return { resolved, descending: order === 'descending' };
}

export function sortDocuments(docs: ScimDocument[], spec: SortSpec): ScimDocument[] {
  const def = comparedAttribute(spec.resolved);
  const keyOf = (doc: ScimDocument): string | number | undefined => {
    const container = spec.resolved.extension ? (doc[spec.resolved.extension] as ScimDocument | undefined) : doc;
    let v = container?.[spec.resolved.attribute.name];
    if (Array.isArray(v)) v = (v as ScimDocument[]).find((e) => e?.primary === true) ?? v[0];
    if (spec.resolved.attribute.type === 'complex' && v && typeof v === 'object') v = (v as ScimDocument)[def.name];
    if (v === undefined || v === null) return undefined;
    if (def.type === 'dateTime') return Date.parse(String(v));
    if (typeof v === 'number') return v;
    if (typeof v === 'boolean') return v ? 1 : 0;
    return def.caseExact ? String(v) : String(v).toLowerCase();
  };
  const keyed = docs.map((doc) => ({ doc, key: keyOf(doc), id: String(doc.id) }));
  keyed.sort((a, b) => {
    if (a.key === undefined || b.key === undefined) {
      if (a.key === b.key) return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
      return a.key === undefined ? 1 : -1;
    }
    const diff = a.key < b.key ? -1 : a.key > b.key ? 1 : 0;
    if (diff !== 0) return spec.descending ? -diff : diff;
    return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
  });
  return keyed.map((k) => k.doc);
}
