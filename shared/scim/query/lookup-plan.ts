/**
 * The query planner: finds in a filter the key lookups IdPs rely on
 * (`userName eq`, `externalId eq`, `emails[type eq "work"].value eq`,
 * `emails.value eq`, `displayName eq`, `id eq X and members eq Y`,
 * `id eq X and manager eq Y`) so they cost a GetItem or a Query, never a read of
 * the tenant's partition.
 *
 * A plan only yields candidates: a superset of the answer. The whole filter is
 * then evaluated on them in memory, so results are exact whatever the plan
 * (lookups compare case-insensitively where the attribute may; the evaluator
 * decides). `and` takes the more selective side, `or` needs both sides keyed.
 */
import type { Filter, Literal } from '../filter/ast.js';
import { resolveAttribute, type ResourceTypeDef } from '../schemas/resource-types.js';

export type LookupKind = 'id' | 'userName' | 'externalId' | 'email' | 'displayName' | 'member';

export interface Lookup {
  kind: LookupKind;
  value: string;
}

/** Lower is more selective (a primary-key read beats a GSI query). */
const RANK: Record<LookupKind, number> = { id: 0, externalId: 1, userName: 1, displayName: 1, email: 2, member: 3 };

const KEYED: Record<string, Partial<Record<string, LookupKind>>> = {
  User: { id: 'id', userName: 'userName', externalId: 'externalId', emails: 'email', 'emails.value': 'email' },
  Group: { id: 'id', displayName: 'displayName', externalId: 'externalId', members: 'member', 'members.value': 'member' },
};

/** The lookups whose union holds every match of the filter, or undefined when only a scan can answer. */
export function planLookups(filter: Filter, resource: ResourceTypeDef): Lookup[] | undefined {
  switch (filter.kind) {
    case 'compare': {
      if (filter.op !== 'eq') return undefined;
      const resolved = resolveAttribute(resource, filter.path);
      const kind = resolved && !resolved.extension ? KEYED[resource.name]?.[resolved.canonical] : undefined;
      const value = keyValue(filter.value);
      return kind && value !== undefined ? [{ kind, value }] : undefined;
    }
    case 'valuePath': {
      const resolved = resolveAttribute(resource, { ...filter.path, sub: undefined });
      if (!resolved || resolved.extension) return undefined;
      const kind = KEYED[resource.name]?.[`${resolved.attribute.name}.value`];
      if (!kind) return undefined;
      if (filter.sub?.toLowerCase() === 'value' && filter.test?.op === 'eq') {
        const value = keyValue(filter.test.value);
        if (value !== undefined) return [{ kind, value }];
      }
      const inner = valueEquality(filter.filter);
      return inner === undefined ? undefined : [{ kind, value: inner }];
    }
    case 'and': {
      const left = planLookups(filter.left, resource);
      const right = planLookups(filter.right, resource);
      if (!left) return right;
      if (!right) return left;
      return cost(left) <= cost(right) ? left : right;
    }
    case 'or': {
      const left = planLookups(filter.left, resource);
      const right = planLookups(filter.right, resource);
      return left && right ? [...left, ...right] : undefined;
    }
    default:
      return undefined;
  }
}

/** Inside `emails[...]`: a `value eq X` that every match must satisfy. */
function valueEquality(filter: Filter): string | undefined {
  if (filter.kind === 'and') return valueEquality(filter.left) ?? valueEquality(filter.right);
  if (filter.kind === 'compare' && filter.op === 'eq' && !filter.path.urn && filter.path.sub === undefined && filter.path.attr.toLowerCase() === 'value') {
    return keyValue(filter.value);
  }
  return undefined;
}

const cost = (lookups: Lookup[]) => Math.max(...lookups.map((l) => RANK[l.kind])) + lookups.length - 1;

/** Strings and numbers look up as text (the evaluator compares them as text too); booleans and null do not key. */
const keyValue = (v: Literal): string | undefined => (typeof v === 'string' ? v : typeof v === 'number' ? String(v) : undefined);
