/**
 * Applies PATCH operations to a resource document in memory. The caller
 * validates the result as a whole (normalizeResource) and writes it in one
 * transaction, so a failing operation leaves the resource unchanged.
 *
 * IdP dialects accepted (see docs/scim.md): path-less add/replace whose value has
 * dotted or URN-qualified keys (`name.givenName`, `urn:...:enterprise:2.0:User:department`);
 * filtered paths that create the element when absent on add/replace
 * (`emails[type eq "work"].value`); `remove` with a value selecting elements
 * (`{"op":"remove","path":"members","value":[{"value":"id"}]}`); a single object
 * where an array is due. A group's `members` are not in the document: their
 * operations go to a {@link MemberSink}.
 */
import type { Filter } from '../filter/ast.js';
import { compileElementFilter, type ScimDocument } from '../filter/evaluator.js';
import type { AttributeDef } from '../schemas/attribute.js';
import { ENTERPRISE_USER_SCHEMA } from '../schemas/core-schemas.js';
import { extensionOf, type ResourceTypeDef } from '../schemas/resource-types.js';
import { coerce, isObject } from '../resource-input.js';
import { invalidValue, mutability, noTarget } from '../scim-errors.js';
import { parsePatchPath, type PatchTarget } from './patch-path.js';
import type { PatchOperation } from './patch-request.js';

/** Receives the member operations of a Group PATCH, in order. */
export interface MemberSink {
  add(values: unknown[]): void;
  remove(values: unknown[]): void;
  removeWhere(filter: Filter, path: string): void;
  replaceAll(values: unknown[]): void;
}

export interface PatchContext {
  resource: ResourceTypeDef;
  /** The resource's id: a path-less value may repeat it (Okta sends `{"id": ..., "displayName": ...}`). */
  id?: string;
  members?: MemberSink;
}

/** Returns the patched copy of `doc`; `doc` itself is not modified. */
export function applyPatch(doc: ScimDocument, operations: readonly PatchOperation[], context: PatchContext): ScimDocument {
  const next = structuredClone(doc);
  for (const operation of operations) {
    if (operation.path === undefined) applyPathless(next, operation, context);
    else applyAt(next, operation, parsePatchPath(operation.path, context.resource), operation.value, context);
  }
  return next;
}

function applyPathless(doc: ScimDocument, operation: PatchOperation, context: PatchContext): void {
  for (const [key, value] of Object.entries(operation.value as ScimDocument)) {
    if (key === 'schemas') continue;
    const ext = extensionOf(context.resource, key);
    if (ext && isObject(value)) {
      for (const [subKey, subValue] of Object.entries(value)) {
        applyAt(doc, operation, parsePatchPath(`${ext.id}:${subKey}`, context.resource), subValue, context);
      }
      continue;
    }
    if (key.toLowerCase() === 'id' && value === context.id) continue;
    applyAt(doc, operation, parsePatchPath(key, context.resource), value, context);
  }
}

function applyAt(doc: ScimDocument, operation: PatchOperation, target: PatchTarget, value: unknown, context: PatchContext): void {
  const { op } = operation;
  if (!target.attribute) {
    // The whole extension object.
    if (op === 'remove') delete doc[target.extension!];
    else if (!isObject(value)) throw invalidValue(`Operations[${operation.index}]: "${target.text}" needs an object value`);
    else for (const [k, v] of Object.entries(value)) applyAt(doc, operation, parsePatchPath(`${target.extension}:${k}`, context.resource), v, context);
    return;
  }
  const def = target.attribute;
  if (def.mutability === 'readOnly') throw mutability(`Operations[${operation.index}]: "${target.text}" is read-only`);
  if (def.mutability === 'writeOnly') return; // password: accepted and discarded
  if (context.members && def.name === 'members' && !target.extension) {
    applyMembers(operation, target, value, context.members);
    return;
  }
  const container = target.extension ? ((doc[target.extension] ??= {}) as ScimDocument) : doc;
  const label = target.text;

  if (target.filter) {
    applyFiltered(container, operation, target, value, context, label);
  } else if (target.sub) {
    applySub(container, op, def, target.sub, value, label);
  } else if (op === 'remove') {
    if (value !== undefined && def.multiValued && def.type === 'complex') removeMatching(container, def, value, label);
    else delete container[def.name];
  } else {
    const coerced = coerceFor(def, target.extension, value, label);
    if (coerced === undefined) {
      delete container[def.name];
    } else if (def.multiValued) {
      const list = coerced as unknown[];
      if (op === 'add') container[def.name] = appendValues((container[def.name] as unknown[] | undefined) ?? [], list);
      else container[def.name] = list;
    } else if (def.type === 'complex' && isObject(container[def.name])) {
      container[def.name] = { ...(container[def.name] as ScimDocument), ...(coerced as ScimDocument) };
    } else {
      container[def.name] = coerced;
    }
  }
  if (target.extension && isObject(doc[target.extension]) && Object.keys(doc[target.extension] as object).length === 0) {
    delete doc[target.extension];
  }
}

function applyFiltered(container: ScimDocument, operation: PatchOperation, target: PatchTarget, value: unknown, context: PatchContext, label: string) {
  const def = target.attribute!;
  const predicate = compileElementFilter(target.filter!, context.resource, def);
  const list = ((container[def.name] as ScimDocument[] | undefined) ?? []).map((e) => ({ ...e }));
  const matched = list.filter((e) => predicate(e));
  if (operation.op === 'remove') {
    if (target.sub) for (const e of matched) delete e[target.sub.name];
    const kept = target.sub ? list.filter((e) => Object.keys(e).length > 0) : list.filter((e) => !matched.includes(e));
    if (kept.length) container[def.name] = kept;
    else delete container[def.name];
    return;
  }
  const single = { ...def, multiValued: false };
  if (matched.length === 0) {
    // Entra ID and Okta add `emails[type eq "work"].value` to a user with no work email: create the element.
    const seed = equalityTerms(target.filter!, def);
    if (!seed) throw noTarget(`${label}: no value matches the filter, and it does not say how to create one`);
    const element = target.sub
      ? { ...seed, [target.sub.name]: coerce(target.sub, value, label) }
      : { ...seed, ...(coerce(single, value, label) as ScimDocument) };
    container[def.name] = appendValues(list, [element]);
    return;
  }
  for (const e of matched) {
    if (target.sub) {
      const v = coerce(target.sub, value, label);
      if (v === undefined) delete e[target.sub.name];
      else e[target.sub.name] = v;
    } else {
      const v = coerce(single, value, label) as ScimDocument | undefined;
      if (operation.op === 'replace') for (const k of Object.keys(e)) delete e[k];
      Object.assign(e, v ?? {});
    }
  }
  const chosen = matched.find((e) => e.primary === true);
  container[def.name] = chosen ? list.map((e) => (e !== chosen && e.primary === true ? { ...e, primary: false } : e)) : list;
}

function applySub(container: ScimDocument, op: PatchOperation['op'], def: AttributeDef, sub: AttributeDef, value: unknown, label: string) {
  if (def.multiValued) {
    // `emails.value` without a filter addresses every element; with none, an add creates one.
    const list = ((container[def.name] as ScimDocument[] | undefined) ?? []).map((e) => ({ ...e }));
    if (op === 'remove') for (const e of list) delete e[sub.name];
    else if (list.length === 0) list.push({ [sub.name]: coerce(sub, value, label) });
    else for (const e of list) e[sub.name] = coerce(sub, value, label);
    const kept = list.filter((e) => Object.keys(e).length > 0);
    if (kept.length) container[def.name] = kept;
    else delete container[def.name];
    return;
  }
  const current = isObject(container[def.name]) ? { ...(container[def.name] as ScimDocument) } : {};
  const v = op === 'remove' ? undefined : coerce(sub, value, label);
  if (v === undefined) delete current[sub.name];
  else current[sub.name] = v;
  if (Object.keys(current).length) container[def.name] = current;
  else delete container[def.name];
}

/** `remove` with a value: drops the elements whose `value` equals one given (Entra ID's member removal). */
function removeMatching(container: ScimDocument, def: AttributeDef, value: unknown, label: string) {
  const values = new Set(
    toList(value)
      .map((v) => (isObject(v) ? v.value : v))
      .filter((v) => v !== undefined)
      .map(String),
  );
  if (values.size === 0) throw invalidValue(`${label}: "remove" with a value needs elements with "value"`);
  const list = ((container[def.name] as ScimDocument[] | undefined) ?? []).filter((e) => !values.has(String(e.value)));
  if (list.length) container[def.name] = list;
  else delete container[def.name];
}

function coerceFor(def: AttributeDef, extension: string | undefined, value: unknown, label: string): unknown {
  let v = value;
  if (def.multiValued && v !== null && !Array.isArray(v)) v = [v];
  if (def.name === 'manager' && extension === ENTERPRISE_USER_SCHEMA) {
    if (Array.isArray(v)) {
      if (v.length > 1) throw invalidValue(`${label}: one manager only`);
      v = v[0];
    }
    if (typeof v === 'string') v = v === '' ? undefined : { value: v };
  }
  return coerce(def, v, label);
}

/** Appends values, skipping exact duplicates; a new primary value demotes the others (RFC 7644 §3.5.2.1). */
function appendValues(existing: unknown[], added: unknown[]): unknown[] {
  const out = [...existing];
  for (const v of added) {
    if (out.some((e) => JSON.stringify(e) === JSON.stringify(v))) continue;
    if (isObject(v) && v.primary === true) {
      for (let i = 0; i < out.length; i++)
        if (isObject(out[i]) && (out[i] as ScimDocument).primary === true) out[i] = { ...(out[i] as ScimDocument), primary: false };
    }
    out.push(v);
  }
  return out;
}

/** The sub-attribute values a filter of `eq` terms joined by `and` pins down (to create a missing element). */
function equalityTerms(filter: Filter, def: AttributeDef): ScimDocument | undefined {
  if (filter.kind === 'and') {
    const l = equalityTerms(filter.left, def);
    const r = equalityTerms(filter.right, def);
    return l && r ? { ...l, ...r } : undefined;
  }
  if (filter.kind !== 'compare' || filter.op !== 'eq' || filter.path.sub !== undefined || filter.path.urn) return undefined;
  const sub = def.subAttributes?.find((s) => s.name.toLowerCase() === filter.path.attr.toLowerCase());
  if (!sub) return undefined;
  return { [sub.name]: coerce(sub, filter.value, `${def.name}.${sub.name}`) };
}

function applyMembers(operation: PatchOperation, target: PatchTarget, value: unknown, sink: MemberSink): void {
  if (target.sub) throw mutability(`Operations[${operation.index}]: member sub-attributes cannot be changed; add or remove the member`);
  if (target.filter) {
    if (operation.op === 'remove') sink.removeWhere(target.filter, target.text);
    else if (operation.op === 'add' || operation.op === 'replace') {
      // `members[value eq "id"]` with add/replace: make sure that member is in.
      const seed = equalityTerms(target.filter, target.attribute!);
      if (!seed?.value) throw noTarget(`Operations[${operation.index}]: "${target.text}" does not name a member`);
      sink.add([{ ...(isObject(value) ? value : {}), value: seed.value }]);
    }
    return;
  }
  const values = value === undefined || value === null ? undefined : toList(value);
  switch (operation.op) {
    case 'add':
      sink.add(values ?? []);
      return;
    case 'replace':
      sink.replaceAll(values ?? []);
      return;
    case 'remove':
      if (values) sink.remove(values);
      else sink.replaceAll([]);
  }
}

const toList = (v: unknown): unknown[] => (Array.isArray(v) ? v : [v]);
