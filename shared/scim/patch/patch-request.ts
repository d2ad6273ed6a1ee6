/**
 * The PatchOp message (RFC 7644 §3.5.2), read leniently where IdPs differ:
 * `Operations` in any case, op names in any case (`Add`, `Replace`, Entra ID's
 * `REPLACE`), an empty `path` meaning none. Bounded: at most
 * {@link MAX_PATCH_OPERATIONS} operations (advertised in ServiceProviderConfig).
 */
import { invalidSyntax, invalidValue, noTarget, tooMany } from '../scim-errors.js';
import { isObject } from '../resource-input.js';
import { PATCH_OP_SCHEMA } from '../schemas/core-schemas.js';

export const MAX_PATCH_OPERATIONS = 1000;

export type PatchOpName = 'add' | 'replace' | 'remove';

export interface PatchOperation {
  op: PatchOpName;
  path?: string;
  value?: unknown;
  /** Position in the request, for messages. */
  index: number;
}

export function parsePatchRequest(body: unknown): PatchOperation[] {
  if (!isObject(body)) throw invalidSyntax('The PATCH body must be a PatchOp JSON object');
  const schemas = body.schemas;
  if (schemas !== undefined && (!Array.isArray(schemas) || !schemas.some((s) => typeof s === 'string' && s.toLowerCase() === PATCH_OP_SCHEMA.toLowerCase()))) {
    throw invalidValue(`"schemas" of a PATCH must contain "${PATCH_OP_SCHEMA}"`);
  }
  const key = Object.keys(body).find((k) => k.toLowerCase() === 'operations');
  const operations = key ? body[key] : undefined;
  if (!Array.isArray(operations)) throw invalidSyntax('The PATCH body must have an "Operations" array');
  if (operations.length === 0) throw invalidValue('"Operations" is empty');
  if (operations.length > MAX_PATCH_OPERATIONS) {
    throw tooMany(`A PATCH may hold at most ${MAX_PATCH_OPERATIONS} operations; this one has ${operations.length}`);
  }
  return operations.map((raw, index) => {
    if (!isObject(raw)) throw invalidSyntax(`Operations[${index}] must be an object`);
    const fields = Object.fromEntries(Object.entries(raw).map(([k, v]) => [k.toLowerCase(), v]));
    const op = typeof fields.op === 'string' ? fields.op.toLowerCase() : undefined;
    if (op !== 'add' && op !== 'replace' && op !== 'remove') {
      throw invalidSyntax(`Operations[${index}].op must be "add", "replace" or "remove", got ${JSON.stringify(fields.op)}`);
    }
    const path = fields.path;
    if (path !== undefined && path !== null && typeof path !== 'string') throw invalidValue(`Operations[${index}].path must be a string`);
    const hasPath = typeof path === 'string' && path.trim() !== '';
    if (op === 'remove' && !hasPath) throw noTarget(`Operations[${index}]: "remove" needs a path`);
    if (op !== 'remove' && fields.value === undefined) throw invalidValue(`Operations[${index}]: "${op}" needs a value`);
    if (op !== 'remove' && !hasPath && !isObject(fields.value)) {
      throw invalidValue(`Operations[${index}]: "${op}" without a path needs an object of attributes as its value`);
    }
    return { op, path: hasPath ? (path as string).trim() : undefined, value: fields.value, index };
  });
}
