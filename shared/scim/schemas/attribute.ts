/**
 * RFC 7643 §7 attribute definitions. One description of every attribute drives
 * the `/Schemas` documents, input validation and coercion, filter comparison
 * (caseExact, type), PATCH path resolution and response projection, so what the
 * discovery documents say is what the server does.
 */

export type AttributeType = 'string' | 'boolean' | 'decimal' | 'integer' | 'dateTime' | 'reference' | 'complex' | 'binary';
export type Mutability = 'readOnly' | 'readWrite' | 'immutable' | 'writeOnly';
export type Returned = 'always' | 'never' | 'default' | 'request';
export type Uniqueness = 'none' | 'server' | 'global';

export interface AttributeDef {
  name: string;
  type: AttributeType;
  multiValued: boolean;
  description: string;
  required: boolean;
  caseExact: boolean;
  mutability: Mutability;
  returned: Returned;
  uniqueness: Uniqueness;
  canonicalValues?: readonly string[];
  referenceTypes?: readonly string[];
  subAttributes?: readonly AttributeDef[];
}

export interface SchemaDef {
  id: string;
  name: string;
  description: string;
  attributes: readonly AttributeDef[];
}

type Options = Partial<Omit<AttributeDef, 'name' | 'type' | 'description'>>;

const DEFAULTS = {
  multiValued: false,
  required: false,
  caseExact: false,
  mutability: 'readWrite',
  returned: 'default',
  uniqueness: 'none',
} as const;

export const attr = (name: string, type: AttributeType, description: string, options: Options = {}): AttributeDef => ({
  name,
  type,
  description,
  ...DEFAULTS,
  ...options,
});

export const str = (name: string, description: string, options: Options = {}) => attr(name, 'string', description, options);

export const complex = (name: string, description: string, subAttributes: AttributeDef[], options: Options = {}) =>
  attr(name, 'complex', description, { ...options, subAttributes });

/** The sub-attributes of a multi-valued attribute such as emails: value, display, type, primary. */
export const multiValuedParts = (valueDescription: string, types: readonly string[], valueOptions: Options = {}) => [
  str('value', valueDescription, valueOptions),
  str('display', 'A human-readable name, primarily used for display purposes.'),
  str('type', 'A label indicating the function of the value.', { canonicalValues: types }),
  attr('primary', 'boolean', 'Whether this value is the preferred one; at most one value is primary.'),
];

/** Case-insensitive lookup of a (sub-)attribute definition by name. */
export function findAttribute(defs: readonly AttributeDef[] | undefined, name: string): AttributeDef | undefined {
  if (!defs) return undefined;
  const lower = name.toLowerCase();
  return defs.find((d) => d.name.toLowerCase() === lower);
}
