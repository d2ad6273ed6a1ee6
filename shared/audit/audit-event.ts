/**
 * Audit events: every lifecycle change from any path (admin API, SCIM, sign-in
 * triggers) is written in the same transaction as the change it records, so the
 * log never claims a change that did not happen nor misses one that did.
 */
import { randomUUID } from 'node:crypto';
import { keys } from '../storage/keys.js';
import type { Table } from '../storage/table.js';
import type { Transaction } from '../storage/transaction.js';
import { sameValue } from '../json/same-value.js';

export type ActorType = 'user' | 'scim' | 'system' | 'sign-in';

export interface Actor {
  type: ActorType;
  /** User id, SCIM token id, or a fixed name for system actors. */
  id: string;
  /** Human-readable handle (email of a user, "SCIM client" ...). */
  slug?: string;
}

export interface AuditEvent {
  id: string;
  tenantId: string;
  at: string;
  actor: Actor;
  /** Dotted verb: `user.created`, `user.deactivated`, `scim_token.rotated`, `sign_in.refused`. */
  action: string;
  target: { type: string; id: string; slug?: string };
  requestId?: string;
  /** Changed attributes before and after; secrets never appear here. */
  changes?: { before?: Record<string, unknown>; after?: Record<string, unknown> };
  details?: Record<string, unknown>;
}

export type NewAuditEvent = Omit<AuditEvent, 'id' | 'at'> & { at?: string };

/** The partition holding the tenant's events at `at` (an ISO time): its UTC month's. */
export const auditPartition = (tenantId: string, at: string): string => keys.auditMonth(tenantId, at.slice(0, 7));

export function auditItem(input: NewAuditEvent) {
  const event: AuditEvent = { ...input, id: randomUUID(), at: input.at ?? new Date().toISOString() };
  const sortKey = `${event.at}#${event.id}`;
  return {
    PK: auditPartition(event.tenantId, event.at),
    SK: sortKey,
    entity: 'audit',
    GSI1PK: keys.gsiAuditActor(event.tenantId, event.actor.id),
    GSI1SK: sortKey,
    GSI2PK: keys.gsiAuditTarget(event.tenantId, event.target.type, event.target.id),
    GSI2SK: sortKey,
    ...event,
  };
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
