/**
 * Filters on membership (`members eq "<user id>"` on Groups, `groups eq "<group id>"`
 * on Users) are answered from the edges of the ids the filter names, never from
 * a whole member list: a candidate's document is given just the named edges that
 * exist (membership-edges.ts, at a bounded cost), which decides `eq` and `ne`
 * on those ids exactly. Other tests on membership (`co`, `pr`, on `display`)
 * would need every edge and are refused.
 */
import type { Filter } from '../filter/ast.js';
import { InvalidFilterError } from '../filter/filter-error.js';
import { resolveAttribute, type ResourceTypeDef } from '../schemas/resource-types.js';

/** The ids a filter compares the membership attribute (`members` or `groups`) with. */
export function membershipTerms(filter: Filter, resource: ResourceTypeDef, attribute: 'members' | 'groups'): string[] {
  const refuse = (): never => {
    throw new InvalidFilterError(`Invalid filter: "${attribute}" can be filtered only with eq or ne on its value (an id)`);
  };
  const isTarget = (path: { urn?: string; attr: string; sub?: string }) =>
    resolveAttribute(resource, { ...path, sub: undefined })?.attribute.name === attribute &&
    !resolveAttribute(resource, { ...path, sub: undefined })?.extension;
  switch (filter.kind) {
    case 'and':
    case 'or':
      return [...membershipTerms(filter.left, resource, attribute), ...membershipTerms(filter.right, resource, attribute)];
    case 'not':
      return membershipTerms(filter.filter, resource, attribute);
    case 'present':
      return isTarget(filter.path) ? refuse() : [];
    case 'compare':
      if (!isTarget(filter.path)) return [];
      if ((filter.op !== 'eq' && filter.op !== 'ne') || typeof filter.value !== 'string') return refuse();
      if (filter.path.sub !== undefined && filter.path.sub.toLowerCase() !== 'value') return refuse();
      return [filter.value];
    case 'valuePath': {
      if (!isTarget(filter.path)) return [];
      if (filter.sub !== undefined) return refuse();
      const ids: string[] = [];
      const walk = (f: Filter): void => {
        if (f.kind === 'or' || f.kind === 'and') {
          walk(f.left);
          walk(f.right);
        } else if (f.kind === 'compare' && f.path.attr.toLowerCase() === 'value' && (f.op === 'eq' || f.op === 'ne') && typeof f.value === 'string') {
          ids.push(f.value);
        } else refuse();
      };
      walk(filter.filter);
      return ids;
    }
  }
}
