/**
 * The events about one target (a user), newest first, from the audit items'
 * GSI2 keys: one Query per page whatever the size of the tenant's log, paged
 * by the sort key of the last event shown (`before`), so page n costs what
 * page 1 does.
 *
 * Events written before audit items carried GSI2 keys are not in the index
 * (nothing rewrites the log): they stay in the tenant's monthly listing
 * (`/audit-logs`), and the route's documentation and the console say so.
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
  const page = await table.query({
    IndexName: INDEXES.externalIdsAndReverseEdges.name,
    KeyConditionExpression: input.before ? 'GSI2PK = :pk AND GSI2SK < :before' : 'GSI2PK = :pk',
    ExpressionAttributeValues: {
      ':pk': keys.gsiAuditTarget(input.tenantId, input.targetType, input.targetId),
      ...(input.before ? { ':before': input.before } : {}),
    },
    ScanIndexForward: false,
    Limit: input.limit,
  });
  const last = page.items.at(-1);
  const nextBefore = page.lastKey && last ? String(last.GSI2SK) : undefined;
  return { events: page.items.map(auditEventFromItem), ...(nextBefore ? { nextBefore } : {}) };
}
