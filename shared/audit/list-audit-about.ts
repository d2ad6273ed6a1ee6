/**
 * The events about one target (a user), newest first, paged by the sort key of
 * the last event shown (`before`), so page n costs what page 1 does whatever the
 * size of the tenant's log.
 *
 * The target index (GSI4) holds keys only, so a page is one Query and one
 * BatchGet of the events it names. Items written before it existed carry their
 * target keys on GSI2 (which holds whole items): that index is read alongside,
 * in parallel, and the two merged by sort key, so old and new events list
 * together in order. Events older still, written before audit items carried
 * target keys at all, are only in the tenant's monthly listing (`/audit-logs`).
 */
import { BadRequestError } from '../errors/app-error.js';
import { keys } from '../storage/keys.js';
import { INDEXES } from '../storage/table-definition.js';
import type { Table } from '../storage/table.js';
import { auditEventFromItem, type AuditEvent } from './audit-event.js';

/** An event's place in the index: `iso-time#eventId`, as its sort key. */
const CURSOR = /^\d{4}-\d{2}-\d{2}T[0-9:.]+Z#[0-9a-f-]{36}$/;

export interface ListAuditAboutInput {
  tenantId: string;
  targetType: string;
  targetId: string;
  limit: number;
  /** The cursor of the last event of the previous page; absent for the newest. */
  before?: string;
}

export interface AuditAboutPage {
  events: AuditEvent[];
  /** Where the next (older) page starts, while there is one. */
  nextBefore?: string;
}

export async function listAuditEventsAbout(table: Table, input: ListAuditAboutInput): Promise<AuditAboutPage> {
  if (input.before !== undefined && !CURSOR.test(input.before)) {
    throw new BadRequestError('audit.invalid_cursor', 'before must be the nextBefore of an earlier page', {
      details: [{ field: 'before', message: 'not a cursor this listing issued' }],
    });
  }
  const keyCondition = (pk: string, sk: string) => (input.before ? `${pk} = :pk AND ${sk} < :before` : `${pk} = :pk`);
  const values = {
    ':pk': keys.gsiAuditTarget(input.tenantId, input.targetType, input.targetId),
    ...(input.before ? { ':before': input.before } : {}),
  };
  const byIndex = (index: typeof INDEXES.auditByTarget | typeof INDEXES.externalIdsAndReverseEdges) =>
    table.query({
      IndexName: index.name,
      KeyConditionExpression: keyCondition(index.partitionKey, index.sortKey),
      ExpressionAttributeValues: values,
      ScanIndexForward: false,
      Limit: input.limit,
    });
  const [current, earlier] = await Promise.all([byIndex(INDEXES.auditByTarget), byIndex(INDEXES.externalIdsAndReverseEdges)]);
  // Each source's newest `limit` before the cursor: the merged newest `limit` are the page.
  const merged = [
    ...current.items.map((item) => ({ sortKey: String(item.SK), item, whole: false })),
    ...earlier.items.map((item) => ({ sortKey: String(item.SK), item, whole: true })),
  ]
    .sort((a, b) => (a.sortKey < b.sortKey ? 1 : a.sortKey > b.sortKey ? -1 : 0))
    .slice(0, input.limit);
  const fetched = await table.batchGet(merged.filter((m) => !m.whole).map((m) => ({ PK: String(m.item.PK), SK: m.sortKey })));
  const bySortKey = new Map(fetched.map((item) => [String(item.SK), item]));
  // A keys-only entry whose item is gone (TTL, a tenant's removal racing the read) is left out.
  const items = merged.flatMap((m) => (m.whole ? [m.item] : bySortKey.has(m.sortKey) ? [bySortKey.get(m.sortKey)!] : []));
  const more = current.items.length + earlier.items.length > input.limit || current.lastKey !== undefined || earlier.lastKey !== undefined;
  const last = merged.at(-1);
  const nextBefore = more && last ? last.sortKey : undefined;
  return { events: items.map(auditEventFromItem), ...(nextBefore ? { nextBefore } : {}) };
}
