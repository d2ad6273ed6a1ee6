/**
 * The two resource types (RFC 7643 §6) and the resolution of attribute names
 * against them: case-insensitive, optionally URN-qualified
 * (`urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:manager.value`).
 */
import { findAttribute, type AttributeDef, type SchemaDef } from './attribute.js';
import { COMMON_ATTRIBUTES, ENTERPRISE_USER_SCHEMA_DEF, GROUP_SCHEMA_DEF, USER_SCHEMA_DEF } from './core-schemas.js';

export type ResourceTypeName = 'User' | 'Group';

export interface ResourceTypeDef {
  name: ResourceTypeName;
  endpoint: '/Users' | '/Groups';
  description: string;
  schema: SchemaDef;
  extensions: readonly SchemaDef[];
}

export const USER_RESOURCE: ResourceTypeDef = {
  name: 'User',
  endpoint: '/Users',
  description: 'User Account',
  schema: USER_SCHEMA_DEF,
  extensions: [ENTERPRISE_USER_SCHEMA_DEF],
};

export const GROUP_RESOURCE: ResourceTypeDef = {
  name: 'Group',
  endpoint: '/Groups',
  description: 'Group (a team of the tenant)',
  schema: GROUP_SCHEMA_DEF,
  extensions: [],
};

export const RESOURCE_TYPES: readonly ResourceTypeDef[] = [USER_RESOURCE, GROUP_RESOURCE];
export const ALL_SCHEMAS: readonly SchemaDef[] = [USER_SCHEMA_DEF, ENTERPRISE_USER_SCHEMA_DEF, GROUP_SCHEMA_DEF];

/** A resolved attribute: where it lives in a resource document and its definition. */
export interface ResolvedAttribute {
  /** The extension URN holding it, or undefined for core and common attributes. */
  extension?: string;
  attribute: AttributeDef;
  sub?: AttributeDef;
  /** Canonical dotted path, URN-qualified for extension attributes (for messages and projection). */
  canonical: string;
}

/** A path as written: optional schema URN, attribute, optional sub-attribute. */
export interface AttrPath {
  urn?: string;
  attr: string;
  sub?: string;
}

const URN_PREFIX = 'urn:';

/**
 * Splits `urn:...:User:name.givenName` into its URN, attribute and sub-attribute.
 * The URN is everything up to the last `:` before the attribute name; a bare URN
 * that names a schema of the resource (the enterprise extension) is returned as
 * `{urn, attr: ''}`.
 */
export function splitAttrPath(text: string, resource?: ResourceTypeDef): AttrPath {
  if (text.toLowerCase().startsWith(URN_PREFIX)) {
    const schemaIds = resource ? [resource.schema.id, ...resource.extensions.map((e) => e.id)] : [];
    const lower = text.toLowerCase();
    const schema = schemaIds.sort((a, b) => b.length - a.length).find((id) => lower === id.toLowerCase() || lower.startsWith(`${id.toLowerCase()}:`));
    if (schema && lower === schema.toLowerCase()) return { urn: schema, attr: '' };
    const cut = schema ? schema.length : text.lastIndexOf(':');
    const rest = text.slice(cut + 1);
    const dot = rest.indexOf('.');
    return dot < 0
      ? { urn: schema ?? text.slice(0, cut), attr: rest }
      : { urn: schema ?? text.slice(0, cut), attr: rest.slice(0, dot), sub: rest.slice(dot + 1) };
  }
  const dot = text.indexOf('.');
  return dot < 0 ? { attr: text } : { attr: text.slice(0, dot), sub: text.slice(dot + 1) };
}

/** The extension schema a URN names on this resource type (case-insensitive). */
export function extensionOf(resource: ResourceTypeDef, urn: string): SchemaDef | undefined {
  const lower = urn.toLowerCase();
  return resource.extensions.find((e) => e.id.toLowerCase() === lower);
}

/** Resolves a path against a resource type; undefined when no such attribute exists. */
export function resolveAttribute(resource: ResourceTypeDef, path: AttrPath): ResolvedAttribute | undefined {
  let extension: SchemaDef | undefined;
  let attribute: AttributeDef | undefined;
  if (path.urn && path.urn.toLowerCase() !== resource.schema.id.toLowerCase()) {
    extension = extensionOf(resource, path.urn);
    if (!extension) return undefined;
    attribute = findAttribute(extension.attributes, path.attr);
  } else {
    attribute = findAttribute(resource.schema.attributes, path.attr) ?? findAttribute(COMMON_ATTRIBUTES, path.attr);
    if (!attribute && !path.urn) {
      // An unqualified extension attribute (`manager eq "id"`, Entra ID's validator): unambiguous, so resolved.
      const owners = resource.extensions.filter((e) => findAttribute(e.attributes, path.attr));
      if (owners.length === 1) {
        extension = owners[0];
        attribute = findAttribute(extension!.attributes, path.attr);
      }
    }
  }
  if (!attribute) return undefined;
  let sub: AttributeDef | undefined;
  if (path.sub !== undefined) {
    sub = findAttribute(attribute.subAttributes, path.sub);
    if (!sub) return undefined;
  }
  const base = extension ? `${extension.id}:${attribute.name}` : attribute.name;
  return { extension: extension?.id, attribute, sub, canonical: sub ? `${base}.${sub.name}` : base };
}

/** The definition that governs comparisons on a resolved path (the sub-attribute, or `value` of a multi-valued complex). */
export function comparedAttribute(resolved: ResolvedAttribute): AttributeDef {
  if (resolved.sub) return resolved.sub;
  if (resolved.attribute.type === 'complex') return findAttribute(resolved.attribute.subAttributes, 'value') ?? resolved.attribute;
  return resolved.attribute;
}
