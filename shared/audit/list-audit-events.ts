/**
 * The audit-log listing. Events live in one partition per tenant and UTC day,
 * so a time range is one Query per day, newest first, run a few days at a time.
 * Filters (action, actor slug, and for members "only events by or about me")
 * apply to the range; the total is exact for the range and filters. A range is
 * at most a year, so a request's cost stays bounded.
 */
import { BadRequestError } from '../errors/app-error.js';
import { keys } from '../storage/keys.js';
import type { Table } from '../storage/table.js';
import type { AuditEvent } from './audit-event.js';

export const MAX_RANGE_DAYS = 366;
export const DEFAULT_RANGE_DAYS = 30;
const DAY_MS = 86_400_000;
const PARALLEL_DAYS = 8;

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

  const days = daysBetween(start, end);
  const matched: AuditEvent[] = [];
  for (let i = 0; i < days.length; i += PARALLEL_DAYS) {
    const batch = await Promise.all(days.slice(i, i + PARALLEL_DAYS).map((day) => readDay(table, input.tenantId, day, from, to)));
    for (const events of batch) matched.push(...events.filter(keep));
  }
  return { events: matched.slice(input.offset, input.offset + input.limit), total: matched.length };
}

/** UTC days from `end` back to `start`, newest first. */
function daysBetween(start: Date, end: Date): string[] {
  const out: string[] = [];
  const first = Date.UTC(start.getUTCFullYear(), start.getUTCMonth(), start.getUTCDate());
  for (let t = Date.UTC(end.getUTCFullYear(), end.getUTCMonth(), end.getUTCDate()); t >= first; t -= DAY_MS) {
    out.push(new Date(t).toISOString().slice(0, 10));
  }
  return out;
}

async function readDay(table: Table, tenantId: string, day: string, from: string, to: string): Promise<AuditEvent[]> {
  // `~` sorts after the `#<id>` suffix, so events at exactly `to` are included.
  const items = await table.queryAll<AuditEvent & Record<string, unknown>>({
    KeyConditionExpression: 'PK = :pk AND SK BETWEEN :from AND :to',
    ExpressionAttributeValues: { ':pk': keys.auditDay(tenantId, day), ':from': from, ':to': `${to}~` },
    ScanIndexForward: false,
  });
  return items.map(({ PK: _p, SK: _s, entity: _e, GSI1PK: _a, GSI1SK: _b, ...event }) => event as unknown as AuditEvent);
}
