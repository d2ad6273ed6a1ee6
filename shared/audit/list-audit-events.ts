/**
 * The audit-log listing. Events live in one partition per tenant and UTC month,
 * so a time range is one Query per month it touches (one or two for the default
 * 30 days, at most 14 for the longest range), all in flight at once, newest
 * first. Filters (action, actor slug, and for members "only events by or about
 * me") apply to the range; the total is exact for the range and filters.
 */
import { BadRequestError } from '../errors/app-error.js';
import type { Table } from '../storage/table.js';
import { auditEventFromItem, auditPartition, type AuditEvent } from './audit-event.js';

export const MAX_RANGE_DAYS = 366;
export const DEFAULT_RANGE_DAYS = 30;
const DAY_MS = 86_400_000;

export interface ListAuditInput {
  tenantId: string;
  limit: number;
  offset: number;
  action?: string;
  subjectSlug?: string;
  start?: Date;
  end?: Date;
  /** Members see only events they caused or that are about them. */
  onlyAbout?: string;
  now?: Date;
}

export async function listAuditEvents(table: Table, input: ListAuditInput): Promise<{ events: AuditEvent[]; total: number }> {
  const end = input.end ?? input.now ?? new Date();
  const start = input.start ?? new Date(end.getTime() - DEFAULT_RANGE_DAYS * DAY_MS);
  if (start.getTime() > end.getTime()) {
    throw new BadRequestError('audit.invalid_range', 'start must not be after end', { details: [{ field: 'start', message: 'after end' }] });
  }
  if (end.getTime() - start.getTime() > MAX_RANGE_DAYS * DAY_MS) {
    throw new BadRequestError('audit.range_too_large', `The time range may span at most ${MAX_RANGE_DAYS} days`, {
      details: [{ field: 'start', message: `more than ${MAX_RANGE_DAYS} days before end` }],
    });
  }
  const from = start.toISOString();
  const to = end.toISOString();
  const slug = input.subjectSlug?.toLowerCase();
  const keep = (e: AuditEvent) =>
    (!input.action || e.action === input.action) &&
    (!slug || e.actor.slug?.toLowerCase() === slug) &&
    (!input.onlyAbout || e.actor.id === input.onlyAbout || e.target.id === input.onlyAbout);

  const months = await Promise.all(monthsBetween(start, end).map((month) => readMonth(table, input.tenantId, month, from, to)));
  const matched = months.flat().filter(keep);
  return { events: matched.slice(input.offset, input.offset + input.limit), total: matched.length };
}

/** The first instant (ISO) of each UTC month from `end`'s back to `start`'s, newest first. */
function monthsBetween(start: Date, end: Date): string[] {
  const out: string[] = [];
  const first = Date.UTC(start.getUTCFullYear(), start.getUTCMonth(), 1);
  // Date.UTC carries a negative month into the years before.
  for (let back = 0; ; back++) {
    const t = Date.UTC(end.getUTCFullYear(), end.getUTCMonth() - back, 1);
    if (t < first) return out;
    out.push(new Date(t).toISOString());
  }
}

async function readMonth(table: Table, tenantId: string, monthStart: string, from: string, to: string): Promise<AuditEvent[]> {
  // `~` sorts after the `#<id>` suffix, so events at exactly `to` are included.
  const items = await table.queryAll({
    KeyConditionExpression: 'PK = :pk AND SK BETWEEN :from AND :to',
    ExpressionAttributeValues: { ':pk': auditPartition(tenantId, monthStart), ':from': from, ':to': `${to}~` },
    ScanIndexForward: false,
  });
  return items.map(auditEventFromItem);
}
