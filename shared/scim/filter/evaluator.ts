/**
 * Evaluates a filter against a SCIM resource document, exactly as RFC 7644
 * §3.4.2.2 says: attribute names case-insensitive, string comparison honouring
 * each attribute's `caseExact`, a multi-valued attribute matching when any value
 * matches, dates compared as instants. Binding resolves every path against the
 * resource type first, so an unknown attribute or an operator the type cannot
 * take is a 400 `invalidFilter` naming it, before anything is read.
 */
import type { AttributeDef } from '../schemas/attribute.js';
import { findAttribute } from '../schemas/attribute.js';
import { comparedAttribute, resolveAttribute, type AttrPath, type ResolvedAttribute, type ResourceTypeDef } from '../schemas/resource-types.js';
import { pathText, type CompareOp, type Filter, type Literal } from './ast.js';
import { InvalidFilterError } from './filter-error.js';
import { caseFold } from '../../users/identity-string.js';

export type ScimDocument = Record<string, unknown>;
export type Predicate = (doc: ScimDocument) => boolean;

export interface CompileOptions {
  /**
   * `reject` (default): an unknown attribute is a 400. `noMatch`: a term on an
   * attribute the resource type lacks matches nothing (the root `/.search`, where
   * `userName eq "x"` must simply not match groups).
   */
  unknownAttributes?: 'reject' | 'noMatch';
}

/** Validates the filter against the resource type and returns its predicate. */
export function compileFilter(filter: Filter, resource: ResourceTypeDef, options: CompileOptions = {}): Predicate {
  if (options.unknownAttributes !== 'noMatch') return bind(filter, resource, undefined);
  return bindLenient(filter, resource);
}

/** Binds each term on its own; a term whose attribute is unknown to the resource type never matches. */
function bindLenient(filter: Filter, resource: ResourceTypeDef): Predicate {
  switch (filter.kind) {
    case 'and':
    case 'or': {
      const l = bindLenient(filter.left, resource);
      const r = bindLenient(filter.right, resource);
      return filter.kind === 'and' ? (d) => l(d) && r(d) : (d) => l(d) || r(d);
    }
    case 'not': {
      const inner = bindLenient(filter.filter, resource);
      return (d) => !inner(d);
    }
    default:
      if (!resolveAttribute(resource, { ...filter.path, sub: filter.kind === 'valuePath' ? undefined : filter.path.sub })) return () => false;
      return bind(filter, resource, undefined);
  }
}

/** A predicate over the elements of a multi-valued complex attribute (`emails[type eq "work"]`). */
export function compileElementFilter(filter: Filter, resource: ResourceTypeDef, parent: AttributeDef): Predicate {
  return bind(filter, resource, { attribute: parent, canonical: parent.name });
}

/** Resolves a path of a filter, or a 400 naming it. */
export function resolveFilterPath(resource: ResourceTypeDef, path: AttrPath, parent?: AttributeDef): ResolvedAttribute {
  if (parent) {
    // Inside `emails[...]`, names are sub-attributes of emails.
    const sub = path.sub === undefined && !path.urn ? findAttribute(parent.subAttributes, path.attr) : undefined;
    if (!sub) throw new InvalidFilterError(`Invalid filter: "${pathText(path)}" is not a sub-attribute of ${parent.name}`);
    return { attribute: parent, sub, canonical: `${parent.name}.${sub.name}` };
  }
  const resolved = resolveAttribute(resource, path);
  if (!resolved || resolved.attribute.returned === 'never') {
    throw new InvalidFilterError(`Invalid filter: unknown attribute "${pathText(path)}" for ${resource.name} resources`);
  }
  return resolved;
}

function bind(filter: Filter, resource: ResourceTypeDef, parent: ResolvedAttribute | undefined): Predicate {
  switch (filter.kind) {
    case 'and': {
      const l = bind(filter.left, resource, parent);
      const r = bind(filter.right, resource, parent);
      return (d) => l(d) && r(d);
    }
    case 'or': {
      const l = bind(filter.left, resource, parent);
      const r = bind(filter.right, resource, parent);
      return (d) => l(d) || r(d);
    }
    case 'not': {
      const inner = bind(filter.filter, resource, parent);
      return (d) => !inner(d);
    }
    case 'present': {
      const resolved = resolveFilterPath(resource, filter.path, parent?.attribute);
      return (d) => valuesAt(d, resolved, parent !== undefined).some(isPresent);
    }
    case 'compare': {
      const resolved = resolveFilterPath(resource, filter.path, parent?.attribute);
      const test = comparison(resolved, filter.op, filter.value, pathText(filter.path));
      return (d) => {
        const values = valuesAt(d, resolved, parent !== undefined);
        // `ne` holds when no value equals; the others when some value matches.
        if (filter.op === 'ne') return !values.some((v) => test.equal(v));
        return values.some((v) => test.match(v));
      };
    }
    case 'valuePath': {
      const resolved = resolveFilterPath(resource, filter.path, undefined);
      if (resolved.attribute.type !== 'complex') {
        throw new InvalidFilterError(`Invalid filter: "${pathText(filter.path)}" is not a complex attribute; it cannot take [...]`);
      }
      const inner = bind(filter.filter, resource, resolved);
      let select: (element: ScimDocument) => boolean = () => true;
      if (filter.sub !== undefined) {
        const subResolved = resolveFilterPath(resource, { attr: filter.sub }, resolved.attribute);
        const test = filter.test!;
        if (test.op === 'pr') {
          select = (e) => isPresent(e[subResolved.sub!.name]);
        } else {
          const cmp = comparison(subResolved, test.op, test.value, `${pathText(filter.path)}.${filter.sub}`);
          select = (e) => (test.op === 'ne' ? !cmp.equal(e[subResolved.sub!.name]) : cmp.match(e[subResolved.sub!.name]));
        }
      }
      return (d) => elementsOf(d, resolved).some((element) => inner(element) && select(element));
    }
  }
}

/** The values a path designates in a document (or, inside a value path, in one element). */
function valuesAt(doc: ScimDocument, resolved: ResolvedAttribute, inElement: boolean): unknown[] {
  if (inElement) return flat(doc[resolved.sub!.name]);
  const container = resolved.extension ? (doc[resolved.extension] as ScimDocument | undefined) : doc;
  if (!container || typeof container !== 'object') return [];
  const raw = container[resolved.attribute.name];
  if (resolved.attribute.type !== 'complex') return flat(raw);
  // A complex attribute compared as a whole compares its `value` (`emails eq x`, `manager eq id`).
  const subName = resolved.sub?.name ?? (findAttribute(resolved.attribute.subAttributes, 'value') ? 'value' : undefined);
  if (subName === undefined) return flat(raw);
  return flat(raw).flatMap((element) => (element && typeof element === 'object' ? flat((element as ScimDocument)[subName]) : []));
}

function elementsOf(doc: ScimDocument, resolved: ResolvedAttribute): ScimDocument[] {
  const container = resolved.extension ? (doc[resolved.extension] as ScimDocument | undefined) : doc;
  if (!container) return [];
  return flat(container[resolved.attribute.name]).filter((e): e is ScimDocument => !!e && typeof e === 'object');
}

const flat = (v: unknown): unknown[] => (v === undefined ? [] : Array.isArray(v) ? v : [v]);

const isPresent = (v: unknown) =>
  v !== undefined &&
  v !== null &&
  v !== '' &&
  !(Array.isArray(v) && v.length === 0) &&
  !(typeof v === 'object' && !Array.isArray(v) && Object.keys(v).length === 0);

interface Comparison {
  equal: (actual: unknown) => boolean;
  match: (actual: unknown) => boolean;
}

const SUBSTRING: ReadonlySet<CompareOp> = new Set(['co', 'sw', 'ew']);

/** Builds the comparison of one attribute with one literal, refusing what the type cannot take. */
function comparison(resolved: ResolvedAttribute, op: CompareOp, literal: Literal, label: string): Comparison {
  const def = comparedAttribute(resolved);
  if (def.type === 'complex') {
    throw new InvalidFilterError(`Invalid filter: "${label}" is a complex attribute; compare one of its sub-attributes`);
  }
  if (literal === null) {
    if (op !== 'eq' && op !== 'ne') throw new InvalidFilterError(`Invalid filter: "${label} ${op} null" is not a valid comparison`);
    const equal = (a: unknown) => a === undefined || a === null;
    return { equal, match: equal };
  }
  switch (def.type) {
    case 'boolean': {
      if (op !== 'eq' && op !== 'ne') throw new InvalidFilterError(`Invalid filter: boolean attribute "${label}" supports only eq and ne`);
      const expected = toBoolean(literal);
      if (expected === undefined) throw new InvalidFilterError(`Invalid filter: "${label}" is boolean; ${JSON.stringify(literal)} is not`);
      const equal = (a: unknown) => toBoolean(a) === expected;
      return { equal, match: equal };
    }
    case 'integer':
    case 'decimal': {
      if (SUBSTRING.has(op)) throw new InvalidFilterError(`Invalid filter: "${op}" does not apply to the number "${label}"`);
      const expected = typeof literal === 'number' ? literal : Number(literal);
      if (!Number.isFinite(expected)) throw new InvalidFilterError(`Invalid filter: "${label}" is a number; ${JSON.stringify(literal)} is not`);
      const equal = (a: unknown) => typeof a === 'number' && a === expected;
      return { equal, match: (a) => typeof a === 'number' && ordered(op, a - expected) };
    }
    case 'dateTime': {
      const expected = Date.parse(String(literal));
      if (Number.isNaN(expected) && !SUBSTRING.has(op)) {
        throw new InvalidFilterError(`Invalid filter: "${label}" is a dateTime; ${JSON.stringify(literal)} is not`);
      }
      if (SUBSTRING.has(op)) return stringComparison(op, String(literal), true);
      const at = (a: unknown) => (typeof a === 'string' ? Date.parse(a) : Number.NaN);
      return { equal: (a) => at(a) === expected, match: (a) => !Number.isNaN(at(a)) && ordered(op, at(a) - expected) };
    }
    default:
      return stringComparison(op, String(literal), def.caseExact);
  }
}

function stringComparison(op: CompareOp, literal: string, caseExact: boolean): Comparison {
  const norm = (s: string) => (caseExact ? s : caseFold(s));
  const expected = norm(literal);
  const text = (a: unknown) => (typeof a === 'string' ? norm(a) : typeof a === 'number' || typeof a === 'boolean' ? norm(String(a)) : undefined);
  const equal = (a: unknown) => text(a) === expected;
  const match = (a: unknown): boolean => {
    const t = text(a);
    if (t === undefined) return false;
    switch (op) {
      case 'eq':
      case 'ne':
        return t === expected;
      case 'co':
        return t.includes(expected);
      case 'sw':
        return t.startsWith(expected);
      case 'ew':
        return t.endsWith(expected);
      default:
        return ordered(op, t < expected ? -1 : t > expected ? 1 : 0);
    }
  };
  return { equal, match };
}

function ordered(op: CompareOp, diff: number): boolean {
  switch (op) {
    case 'gt':
      return diff > 0;
    case 'ge':
      return diff >= 0;
    case 'lt':
      return diff < 0;
    case 'le':
      return diff <= 0;
    default:
      return diff === 0;
  }
}

/** Booleans, and the strings IdPs send for them ("True", "false"). */
export function toBoolean(v: unknown): boolean | undefined {
  if (typeof v === 'boolean') return v;
  if (typeof v === 'string') {
    const lower = v.toLowerCase();
    if (lower === 'true') return true;
    if (lower === 'false') return false;
  }
  return undefined;
}
