import type { Actor } from '../audit/audit-event.js';
import type { Table } from '../storage/table.js';
import type { Tenant } from '../tenants/tenant.js';

/** Who is acting on which tenant, passed explicitly to every SCIM service (a warm Lambda serves many tenants). */
export interface ScimContext {
  table: Table;
  tenant: Tenant;
  actor: Actor;
  requestId?: string;
}

/** Ids this service issues are UUIDs; anything longer than this names nothing (and would not fit a key). */
export const MAX_ID_LENGTH = 256;

/**
 * Whether a value can be part of a DynamoDB key (partition keys hold 2,048 bytes,
 * sort keys 1,024, prefixes included). A longer value names nothing stored, so a
 * lookup by it finds nothing instead of failing.
 */
export const fitsKey = (value: string): boolean => Buffer.byteLength(value, 'utf8') <= 900;
