/**
 * The BulkRequest message (RFC 7644 §3.7), checked before any operation runs:
 * the schema, at most {@link MAX_BULK_OPERATIONS} operations (more is a 413, as
 * §3.7.4 says), each with a method and a path.
 */
import { PayloadTooLargeError } from '../../errors/app-error.js';
import { isObject } from '../resource-input.js';
import { BULK_REQUEST_SCHEMA } from '../schemas/core-schemas.js';
import { invalidSyntax, invalidValue } from '../scim-errors.js';
import { MAX_BULK_OPERATIONS } from './bulk-limits.js';

export type BulkMethod = 'POST' | 'PUT' | 'PATCH' | 'DELETE';

export interface BulkOperation {
  method: BulkMethod;
  bulkId?: string;
  version?: string;
  path: string;
  data?: unknown;
}

export interface BulkRequest {
  failOnErrors?: number;
  operations: BulkOperation[];
}

export function parseBulkRequest(body: unknown): BulkRequest {
  if (!isObject(body)) throw invalidSyntax('The Bulk body must be a BulkRequest JSON object');
  const fields = Object.fromEntries(Object.entries(body).map(([k, v]) => [k.toLowerCase(), v]));
  const schemas = fields.schemas;
  if (!Array.isArray(schemas) || !schemas.some((s) => typeof s === 'string' && s.toLowerCase() === BULK_REQUEST_SCHEMA.toLowerCase())) {
    throw invalidValue(`"schemas" of a Bulk request must contain "${BULK_REQUEST_SCHEMA}"`);
  }
  const operations = fields.operations;
  if (!Array.isArray(operations)) throw invalidSyntax('The Bulk body must have an "Operations" array');
  if (operations.length > MAX_BULK_OPERATIONS) {
    throw new PayloadTooLargeError(
      'scim.bulk_too_many',
      `A Bulk request may hold at most ${MAX_BULK_OPERATIONS} operations; this one has ${operations.length}`,
    );
  }
  const failOnErrors = fields.failonerrors;
  if (failOnErrors !== undefined && (typeof failOnErrors !== 'number' || !Number.isInteger(failOnErrors) || failOnErrors < 1)) {
    throw invalidValue('"failOnErrors" must be a positive integer');
  }
  const bulkIds = new Set<string>();
  return {
    failOnErrors: failOnErrors as number | undefined,
    operations: operations.map((raw, i): BulkOperation => {
      if (!isObject(raw)) throw invalidSyntax(`Operations[${i}] must be an object`);
      const f = Object.fromEntries(Object.entries(raw).map(([k, v]) => [k.toLowerCase(), v]));
      const method = typeof f.method === 'string' ? f.method.toUpperCase() : '';
      if (!['POST', 'PUT', 'PATCH', 'DELETE'].includes(method)) throw invalidValue(`Operations[${i}].method must be POST, PUT, PATCH or DELETE`);
      if (typeof f.path !== 'string' || !f.path.startsWith('/')) throw invalidValue(`Operations[${i}].path must be a path such as "/Users"`);
      if (f.bulkid !== undefined && (typeof f.bulkid !== 'string' || f.bulkid === '')) throw invalidValue(`Operations[${i}].bulkId must be a non-empty string`);
      if (method === 'POST' && f.bulkid === undefined) throw invalidValue(`Operations[${i}]: a POST needs a bulkId`);
      if (typeof f.bulkid === 'string') {
        if (bulkIds.has(f.bulkid)) throw invalidValue(`Operations[${i}]: bulkId "${f.bulkid}" is used twice`);
        bulkIds.add(f.bulkid);
      }
      if (f.version !== undefined && typeof f.version !== 'string') throw invalidValue(`Operations[${i}].version must be a string`);
      return { method: method as BulkMethod, bulkId: f.bulkid as string | undefined, version: f.version as string | undefined, path: f.path, data: f.data };
    }),
  };
}
