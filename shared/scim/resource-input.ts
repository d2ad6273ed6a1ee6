/**
 * Validation and coercion of a resource body (POST, PUT, and the result of a
 * PATCH) against the resource type's schemas, into a canonical document:
 * attribute names in their schema spelling, extension attributes under their
 * URN, read-only attributes dropped, types checked.
 *
 * Tolerated IdP dialects: booleans sent as strings (`"False"`, Entra ID),
 * `manager` as a string, an object or an array of one, empty strings and nulls
 * meaning "no value", URN-qualified attribute names at the top level.
 * Anything else that does not fit the schema is a 400 `invalidValue` naming the
 * attribute: an unknown attribute, a wrong type, two primary values.
 */
import { findAttribute, type AttributeDef } from './schemas/attribute.js';
import { extensionOf, resolveAttribute, splitAttrPath, type ResourceTypeDef } from './schemas/resource-types.js';
import { ENTERPRISE_USER_SCHEMA } from './schemas/core-schemas.js';
import { toBoolean, type ScimDocument } from './filter/evaluator.js';
import { invalidValue } from './scim-errors.js';
import { MAX_ID_LENGTH } from './scim-context.js';
import { normalizeEmail, normalizeUserName } from '../users/identity-string.js';

/** Longest string attribute value accepted (certificates are the long ones). */
export const MAX_STRING_LENGTH = 16_384;
/** Most values one multi-valued user attribute may hold (the item must fit DynamoDB's 400 KB). */
export const MAX_MULTI_VALUES = 100;
export const MAX_EXTERNAL_ID_BYTES = 512;
/** RFC 5321 caps a mailbox at 254 characters. */
export const MAX_EMAIL_BYTES = 320;
/** Each email beyond the login one is an alias item in the user's transaction (100 items at most): keep it small. */
export const MAX_EMAILS = 20;

export interface NormalizedInput {
  doc: ScimDocument;
  /** Sent `password`, if any: accepted, never stored nor returned. */
  password?: string;
}

export interface NormalizeOptions {
  /** Attributes handled outside the document (a group's members); copied raw, not validated here. */
  passThrough?: readonly string[];
}

/** Validates a resource body; the result holds only writable attributes with values. */
export function normalizeResource(resource: ResourceTypeDef, body: unknown, options: NormalizeOptions = {}): NormalizedInput {
  if (!isObject(body)) throw invalidValue(`The ${resource.name} body must be a JSON object`);
  checkSchemas(body.schemas);
  const doc: ScimDocument = {};
  let password: string | undefined;
  const passThrough = new Set((options.passThrough ?? []).map((p) => p.toLowerCase()));
  for (const [key, value] of Object.entries(body)) {
    if (key === 'schemas') continue;
    if (passThrough.has(key.toLowerCase())) {
      doc[findAttribute(resource.schema.attributes, key)?.name ?? key] = value;
      continue;
    }
    const extension = key.toLowerCase().startsWith('urn:') ? extensionOf(resource, key) : undefined;
    if (extension) {
      if (value === null || value === undefined) continue;
      if (!isObject(value)) throw invalidValue(`"${extension.id}" must be an object of ${extension.name} attributes`);
      for (const [subKey, subValue] of Object.entries(value)) setAttribute(resource, doc, splitAttrPath(`${extension.id}:${subKey}`, resource), subValue, key);
      continue;
    }
    const path = splitAttrPath(key, resource);
    if (path.sub !== undefined && !key.toLowerCase().startsWith('urn:')) {
      throw invalidValue(`Unknown attribute "${key}" for ${resource.name} resources`);
    }
    const written = setAttribute(resource, doc, path, value, key);
    if (written === 'password') password = value as string;
  }
  for (const ext of resource.extensions) {
    const part = doc[ext.id];
    if (isObject(part) && Object.keys(part).length === 0) delete doc[ext.id];
  }
  for (const def of resource.schema.attributes) {
    if (def.required && doc[def.name] === undefined) throw invalidValue(`Attribute "${def.name}" is required`);
  }
  assertKeyable(doc);
  return { doc, password };
}

/** Values that become parts of DynamoDB keys (markers, index keys) must fit them. */
function assertKeyable(doc: ScimDocument): void {
  const limit = (value: unknown, label: string, bytes: number) => {
    if (typeof value === 'string' && Buffer.byteLength(value, 'utf8') > bytes) throw invalidValue(`Attribute "${label}" is longer than ${bytes} bytes`);
  };
  limit(doc.externalId, 'externalId', MAX_EXTERNAL_ID_BYTES);
  for (const [i, email] of ((doc.emails as ScimDocument[] | undefined) ?? []).entries()) limit(email.value, `emails[${i}].value`, MAX_EMAIL_BYTES);
}

function setAttribute(
  resource: ResourceTypeDef,
  doc: ScimDocument,
  path: ReturnType<typeof splitAttrPath>,
  value: unknown,
  label: string,
): 'password' | 'set' | 'skipped' {
  const resolved = resolveAttribute(resource, { ...path, sub: undefined });
  if (!resolved || path.sub !== undefined) {
    if (resolved && path.sub !== undefined) {
      // A URN-qualified `name.givenName` at the top level: a sub-attribute write.
      const sub = findAttribute(resolved.attribute.subAttributes, path.sub);
      if (!sub || resolved.attribute.multiValued) throw invalidValue(`Unknown attribute "${label}" for ${resource.name} resources`);
      const container = containerOf(doc, resolved.extension);
      const current = isObject(container[resolved.attribute.name]) ? (container[resolved.attribute.name] as ScimDocument) : {};
      const coerced = coerce(sub, value, `${resolved.canonical}`);
      if (coerced === undefined) delete current[sub.name];
      else current[sub.name] = coerced;
      container[resolved.attribute.name] = current;
      return 'set';
    }
    throw invalidValue(`Unknown attribute "${label}" for ${resource.name} resources`);
  }
  const def = resolved.attribute;
  if (def.mutability === 'readOnly') return 'skipped';
  if (def.mutability === 'writeOnly') {
    if (value !== null && value !== undefined && typeof value !== 'string') throw invalidValue(`Attribute "${def.name}" must be a string`);
    return 'password';
  }
  const coerced = def.name === 'manager' && resolved.extension === ENTERPRISE_USER_SCHEMA ? coerceManager(def, value) : coerce(def, value, resolved.canonical);
  const container = containerOf(doc, resolved.extension);
  if (coerced === undefined) delete container[def.name];
  else container[def.name] = coerced;
  return 'set';
}

function containerOf(doc: ScimDocument, extension: string | undefined): ScimDocument {
  if (!extension) return doc;
  if (!isObject(doc[extension])) doc[extension] = {};
  return doc[extension] as ScimDocument;
}

/**
 * `schemas` must be an array of URNs (IdPs that omit it are tolerated). A URN this
 * server does not know is ignored when no attribute uses it: Entra ID lists
 * `http://schemas.microsoft.com/2006/11/ResourceManagement/ADSCIM/2.0/Group` with
 * no attribute under it. Attributes under an unknown URN are refused by name.
 */
function checkSchemas(schemas: unknown): void {
  if (schemas === undefined) return;
  if (!Array.isArray(schemas) || schemas.some((s) => typeof s !== 'string')) throw invalidValue('"schemas" must be an array of schema URNs');
}

/** Coerces one attribute value to its type; undefined means "no value". */
export function coerce(def: AttributeDef, value: unknown, label: string): unknown {
  if (value === null || value === undefined) return undefined;
  if (def.multiValued) {
    if (!Array.isArray(value)) throw invalidValue(`Attribute "${label}" is multi-valued; send an array`);
    const most = label === 'emails' ? MAX_EMAILS : MAX_MULTI_VALUES;
    if (value.length > most) throw invalidValue(`Attribute "${label}" holds more than ${most} values`);
    const single = { ...def, multiValued: false };
    const out = value.map((v, i) => coerce(single, v, `${label}[${i}]`)).filter((v) => v !== undefined);
    if (def.type === 'complex' && findAttribute(def.subAttributes, 'value')) {
      // An email or phone number without its value is no value at all, yet would sit in the list as one.
      const missing = out.findIndex((v) => (v as ScimDocument).value === undefined);
      if (missing >= 0) throw invalidValue(`Attribute "${label}" has a value without "value"`);
    }
    if (def.type === 'complex') {
      const primaries = out.filter((v) => (v as ScimDocument).primary === true).length;
      if (primaries > 1) throw invalidValue(`Attribute "${label}" has ${primaries} values marked primary; at most one may be`);
    }
    return out.length ? out : undefined;
  }
  switch (def.type) {
    case 'complex': {
      if (!isObject(value)) throw invalidValue(`Attribute "${label}" must be an object`);
      const out: ScimDocument = {};
      for (const [k, v] of Object.entries(value)) {
        const sub = findAttribute(def.subAttributes, k);
        if (!sub) throw invalidValue(`Unknown sub-attribute "${k}" of "${label}"`);
        if (sub.mutability === 'readOnly') continue;
        const c = coerce(sub, v, `${label}.${sub.name}`);
        if (c !== undefined) out[sub.name] = c;
      }
      return Object.keys(out).length ? out : undefined;
    }
    case 'boolean': {
      const b = toBoolean(value);
      if (b === undefined) throw invalidValue(`Attribute "${label}" must be a boolean, got ${JSON.stringify(value)}`);
      return b;
    }
    case 'integer':
    case 'decimal':
      if (typeof value !== 'number' || !Number.isFinite(value) || (def.type === 'integer' && !Number.isInteger(value))) {
        throw invalidValue(`Attribute "${label}" must be ${def.type === 'integer' ? 'an integer' : 'a number'}`);
      }
      return value;
    case 'dateTime':
      if (typeof value !== 'string' || Number.isNaN(Date.parse(value))) throw invalidValue(`Attribute "${label}" must be an xsd:dateTime`);
      return value;
    default: {
      if (typeof value !== 'string') throw invalidValue(`Attribute "${label}" must be a string, got ${JSON.stringify(value)}`);
      if (value.length > MAX_STRING_LENGTH) throw invalidValue(`Attribute "${label}" is longer than ${MAX_STRING_LENGTH} characters`);
      assertPrintable(value, label);
      if (value === '') return undefined;
      if (label === 'userName') return normalizeUserName(value, label);
      if (EMAIL_VALUE.test(label)) return normalizeEmail(value, label);
      return value;
    }
  }
}

/** `manager`: `"id"`, `{"value": "id"}` or `[{"value": "id"}]` (Entra ID, Okta, OneLogin); empty clears it. */
function coerceManager(def: AttributeDef, value: unknown): unknown {
  let v = value;
  if (Array.isArray(v)) {
    if (v.length > 1) throw invalidValue('Attribute "manager" takes one manager');
    v = v[0];
  }
  if (typeof v === 'string') v = { value: v };
  const coerced = coerce(def, v, 'manager') as ScimDocument | undefined;
  if (typeof coerced?.value === 'string' && coerced.value.length > MAX_ID_LENGTH) {
    throw invalidValue(`Attribute "manager" names no user: ids are at most ${MAX_ID_LENGTH} characters`);
  }
  return coerced;
}

/** An email address of a user: stored in the identity-string form (../users/identity-string.ts). */
const EMAIL_VALUE = /^emails\[\d+\]\.value$/;
/** Identifiers people and IdPs match on: no control character at all, line breaks included. */
const IDENTIFIER = /^(?:userName|externalId|displayName|[a-zA-Z]+\[\d+\]\.value|manager\.value)$/;
// String.prototype.isWellFormed is missing from the ES2023 lib this project targets (Node 20 and 22 both run it).
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/;
// eslint-disable-next-line no-control-regex
const CONTROL_OR_BREAK = /[\u0000-\u001F\u007F]/;

/**
 * Refuses text no directory should hold: control characters (line breaks only in
 * free text such as a formatted address) and lone UTF-16 surrogates, which are not
 * text at all and break every consumer that encodes them.
 */
function assertPrintable(value: string, label: string): void {
  if (LONE_SURROGATE.test(value)) throw invalidValue(`Attribute "${label}" holds an unpaired UTF-16 surrogate`);
  const pattern = IDENTIFIER.test(label) ? CONTROL_OR_BREAK : CONTROL;
  if (pattern.test(value)) throw invalidValue(`Attribute "${label}" holds a control character`);
}

export const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
