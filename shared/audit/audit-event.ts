/**
 * Audit events: every lifecycle change from any path (admin API, SCIM, sign-in
 * triggers) is written in the same transaction as the change it records, so the
 * log never claims a change that did not happen nor misses one that did.
 */
import { randomUUID } from 'node:crypto';
import type { EventData } from '../events/event-data.js';
import { currentActionName, EVENT_TYPES, type AuditAction } from '../events/event-types.js';
import { keys } from '../storage/keys.js';
import type { Table } from '../storage/table.js';
import type { Transaction } from '../storage/transaction.js';
import { sameValue } from '../json/same-value.js';
import { parseStoredItem } from '../storage/stored-item.js';
import { packAuditItem, readAuditItem } from '../events/audit-item-shape.js';
import * as z from '../validation/zod.js';

/**
 * What every stored audit event has; the rest is kept as stored (older items may lack `source`, or name a renamed action).
 * Built on first use: most functions write audit events and never read one.
 */
const StoredAuditEventSchema = z.lazySchema(() =>
  z.looseObject({
    id: z.string(),
    tenantId: z.string(),
    at: z.string(),
    actor: z.looseObject({ type: z.enum(['user', 'scim', 'system', 'sign-in']), id: z.string() }),
    action: z.string(),
    target: z.looseObject({ type: z.string(), id: z.string() }),
  }),
);

export type ActorType = 'user' | 'scim' | 'system' | 'sign-in';

export interface Actor {
  type: ActorType;
  /** User id, SCIM token id, or a fixed name for system actors. */
  id: string;
  /** Human-readable handle (email of a user, "SCIM client" ...). */
  slug?: string;
}

/** Which door a change came through. */
export type EventSource = 'admin_api' | 'scim' | 'sign_in' | 'system';

/** The source of a change by its actor: users act through the admin API, the IdP through SCIM. */
export function sourceOfActor(actor: Pick<Actor, 'type'>): EventSource {
  switch (actor.type) {
    case 'user':
      return 'admin_api';
    case 'scim':
      return 'scim';
    case 'sign-in':
      return 'sign_in';
    case 'system':
      return 'system';
  }
}

export interface AuditEvent {
  id: string;
  tenantId: string;
  at: string;
  actor: Actor;
  /** A registered action (shared/events/event-types.ts); items stored earlier may hold a renamed one. */
  action: string;
  target: { type: string; id: string; slug?: string };
  requestId?: string;
  /** Changed attributes before and after; secrets never appear here. */
  changes?: { before?: Record<string, unknown>; after?: Record<string, unknown> };
  details?: Record<string, unknown>;
  /** Absent on items written before events were published from them. */
  source?: EventSource;
  /** The subject's state after the change: the domain event's `data`. */
  data?: unknown;
  /** The per-subject order of the domain event (see docs/events.md). */
  sequence?: number;
}

interface AuditInput<A extends AuditAction> {
  tenantId: string;
  actor: Actor;
  action: A;
  target: { type: string; id: string; slug?: string };
  requestId?: string;
  changes?: AuditEvent['changes'];
  details?: Record<string, unknown>;
  at?: string;
  data: EventData<A>;
  /**
   * The subject's version after the change (a deletion counts as one more), or
   * the version read when the change leaves the subject's item as it was.
   * Required for versioned subjects (users, teams, tenants); other subjects are
   * ordered by time.
   */
  sequence?: number;
}

/** An audit event to write: one of the registered actions, with that action's data. */
export type NewAuditEvent = { [A in AuditAction]: AuditInput<A> }[AuditAction];

const VERSIONED_SUBJECTS: ReadonlySet<string> = new Set(['user', 'team', 'tenant']);

/** The partition holding the tenant's events at `at` (an ISO time): its UTC month's. */
export const auditPartition = (tenantId: string, at: string): string => keys.auditMonth(tenantId, at.slice(0, 7));

export function auditItem(input: NewAuditEvent) {
  const at = input.at ?? new Date().toISOString();
  const versioned = VERSIONED_SUBJECTS.has(EVENT_TYPES[input.action].subject);
  if (versioned && input.sequence === undefined) throw new Error(`The ${input.action} audit event needs the subject's version as its sequence`);
  const event: AuditEvent = {
    ...input,
    id: randomUUID(),
    at,
    source: sourceOfActor(input.actor),
    sequence: input.sequence ?? Date.parse(at),
  };
  const stored = withoutDetailsInData(event);
  const sortKey = `${event.at}#${event.id}`;
  // One index copy, keys only: nothing lists events by actor (the monthly
  // listing filters by it), and a full copy would double the item's write cost.
  return packAuditItem({
    PK: auditPartition(event.tenantId, event.at),
    SK: sortKey,
    entity: 'audit',
    ...keys.auditIndexKeys(event.tenantId, event.target, sortKey),
    ...stored,
  });
}

/**
 * The event of a stored audit item, as the current version names it: an item
 * written before an action was renamed reads under its current name, and one
 * written before sources were recorded gets its source from its actor.
 */
export function auditEventFromItem(item: Record<string, unknown>): AuditEvent {
  const event: AuditEvent = parseStoredItem(StoredAuditEventSchema, readAuditItem(item), 'audit event');
  return {
    ...event,
    action: currentActionName(event.action),
    source: event.source ?? sourceOfActor(event.actor),
  };
}

/**
 * The event with the details its data already holds (a membership chunk's user
 * ids are both) stored once, in `data`: `detailsInData` names them, and
 * {@link readAuditItem} puts them back, so readers see the same details.
 */
function withoutDetailsInData(event: AuditEvent): AuditEvent & { detailsInData?: string[] } {
  const data = event.data;
  if (!event.details || typeof data !== 'object' || data === null) return event;
  const shared = Object.keys(event.details).filter((key) => key in data && sameValue(event.details![key], (data as Record<string, unknown>)[key]));
  if (shared.length === 0) return event;
  const rest = Object.fromEntries(Object.entries(event.details).filter(([key]) => !shared.includes(key)));
  const { details: _d, ...others } = event;
  return { ...others, ...(Object.keys(rest).length ? { details: rest } : {}), detailsInData: shared };
}

/** Records the event as part of the change's transaction. */
export function recordAudit(tx: Transaction, event: NewAuditEvent): void {
  tx.put(auditItem(event));
}

/** Records an event that has no state change of its own (a refused sign-in). */
export async function appendAudit(table: Table, event: NewAuditEvent): Promise<void> {
  await table.put({ Item: auditItem(event) });
}

/**
 * Only the attributes that differ, for `changes`; callers strip secrets before.
 * Compared regardless of key order: DynamoDB returns maps in its own order.
 */
export function diffAttributes(before: Record<string, unknown>, after: Record<string, unknown>) {
  const b: Record<string, unknown> = {};
  const a: Record<string, unknown> = {};
  for (const key of new Set([...Object.keys(before), ...Object.keys(after)])) {
    if (!sameValue(before[key], after[key])) {
      b[key] = before[key];
      a[key] = after[key];
    }
  }
  return { before: b, after: a };
}
