/**
 * What the SCIM routes write about their own traffic, beside the request's work:
 * one UpdateItem ADD on the tenant's item of the current hour, and one small item
 * per error (errors are rare, and the page shows the last few with their SCIM
 * detail). A failure here is logged and never fails or delays the SCIM answer
 * beyond the write itself: provisioning matters more than its health chart.
 */
import { keys } from '../storage/keys.js';
import type { Table } from '../storage/table.js';
import { TTL_ATTRIBUTE } from '../storage/table-definition.js';
import { logger } from '../observability/logger.js';
import { expiryOf, hourOf } from './health-window.js';

/** A SCIM error as the Provisioning page shows it: never a request body, a header or a token. */
export interface ScimErrorEntry {
  at: string;
  status: number;
  scimType?: string;
  detail: string;
  method: string;
  /** The request path (no query string: filters may hold personal data the page has no need for). */
  path: string;
  /** The operation's bulkId, for an operation inside a Bulk request. */
  bulkId?: string;
  requestId: string;
}

/** Error items one request writes at most (a Bulk request may fail a thousand operations alike). */
export const MAX_ERRORS_KEPT_PER_REQUEST = 5;
const MAX_DETAIL_LENGTH = 500;

export interface ScimTraffic {
  /** Requests (Bulk: operations) to add to the hour's count. */
  requests: number;
  errors: ScimErrorEntry[];
}

/** Adds `traffic` to the hour of `at`; resolves once written or logged as lost, never rejects. */
export async function recordScimTraffic(table: Table, tenantId: string, at: Date, traffic: ScimTraffic): Promise<void> {
  if (traffic.requests === 0 && traffic.errors.length === 0) return;
  const writes = [addToHour(table, tenantId, at, traffic.requests, traffic.errors.length)];
  traffic.errors.slice(0, MAX_ERRORS_KEPT_PER_REQUEST).forEach((entry, i) => writes.push(putError(table, tenantId, entry, i)));
  for (const outcome of await Promise.allSettled(writes)) {
    if (outcome.status === 'rejected') logger.warn('Could not record SCIM traffic for the health page', { error: outcome.reason as Error });
  }
}

function addToHour(table: Table, tenantId: string, at: Date, requests: number, errors: number): Promise<unknown> {
  const hour = hourOf(at);
  return table.update({
    Key: keys.scimHealthHour(tenantId, hour),
    UpdateExpression: `ADD requests :r, errors :e SET entity = :entity, #hour = :hour, lastRequestAt = :at, #ttl = :ttl`,
    ExpressionAttributeNames: { '#hour': 'hour', '#ttl': TTL_ATTRIBUTE },
    ExpressionAttributeValues: { ':r': requests, ':e': errors, ':entity': 'scimHealthHour', ':hour': hour, ':at': at.toISOString(), ':ttl': expiryOf(at) },
  });
}

function putError(table: Table, tenantId: string, entry: ScimErrorEntry, index: number): Promise<void> {
  const stored: ScimErrorEntry = { ...entry, detail: entry.detail.slice(0, MAX_DETAIL_LENGTH) };
  return table.put({
    Item: {
      ...keys.scimHealthError(tenantId, entry.at, `${entry.requestId}#${index}`),
      entity: 'scimHealthError',
      ...stored,
      [TTL_ATTRIBUTE]: expiryOf(entry.at),
    },
  });
}
