/**
 * The domain event: one per audit item, built from that item alone. The audit
 * item is written in the change's own transaction with everything an event
 * needs (source, the subject's state after the change, its sequence), so there
 * is no second write path: a committed change has its event, a rolled-back one
 * has none. The stream consumers (EventBridge, webhooks) call
 * {@link domainEventFromAuditItem} on each inserted audit item; it is pure, and
 * reads the item as stored by any version (shared/audit/audit-item-shape.ts).
 *
 * Delivery is at least once: consumers de-duplicate by `id` (the audit event's
 * id) and order a subject's events by `sequence` (docs/events.md).
 */
import * as z from '../validation/zod.js';
import { currentActionName, EVENT_TYPE_NAMES, EVENT_TYPES, isEventType, type EventType } from './event-types.js';
import { type EventData } from './event-data.js';
import { readAuditItem } from './audit-item-shape.js';

const Ref = z.object({ type: z.string(), id: z.string(), slug: z.optional(z.string()) });

/** The envelope every event shares; `data` is typed per event type (./event-data.ts). */
export const DomainEventEnvelope = z.object({
  /** Unique per event: the audit event's id. Redeliveries carry the same id. */
  id: z.string(),
  type: z.enum(EVENT_TYPE_NAMES as [EventType, ...EventType[]]),
  schemaVersion: z.int(),
  tenantId: z.string(),
  /** When the change committed (ISO 8601, UTC). */
  occurredAt: z.string(),
  actor: z.object({ type: z.enum(['user', 'scim', 'system', 'sign-in']), id: z.string(), slug: z.optional(z.string()) }),
  source: z.enum(['admin_api', 'scim', 'sign_in', 'system']),
  subject: Ref,
  /** Orders the events of one subject (`subject.type` + `subject.id`); see docs/events.md. */
  sequence: z.number(),
  data: z.unknown(),
});

export type DomainEvent<T extends EventType = EventType> = Omit<z.infer<typeof DomainEventEnvelope>, 'type' | 'data'> & {
  type: T;
  data: EventData<T>;
};

interface StoredAudit {
  entity?: unknown;
  id?: unknown;
  tenantId?: unknown;
  at?: unknown;
  action?: unknown;
  actor?: { type: 'user' | 'scim' | 'system' | 'sign-in'; id: string; slug?: string };
  target?: { type: string; id: string; slug?: string };
  source?: DomainEvent['source'];
  data?: unknown;
  sequence?: unknown;
}

const SOURCE_OF_ACTOR = { user: 'admin_api', scim: 'scim', 'sign-in': 'sign_in', system: 'system' } as const;

/**
 * The event subject: the audit target, except where the type's subject is not
 * the target itself (a refusal is about the identity that tried; role changes
 * are about the bindings on or of the target), so no two subject kinds share
 * one sequence space.
 */
function subjectOf(type: EventType, item: Required<Pick<StoredAudit, 'actor' | 'target'>>): DomainEvent['subject'] {
  const subject = EVENT_TYPES[type].subject;
  const { target, actor } = item;
  if (subject === 'identity') return { type: 'identity', id: actor.id, ...(actor.slug ? { slug: actor.slug } : {}) };
  if (subject === 'role_bindings') return { type: 'role_bindings', id: `${target.type}/${target.id}` };
  return { type: subject, id: target.id, ...(target.slug ? { slug: target.slug } : {}) };
}

/**
 * The domain event of an audit item (a stored item or a stream image, unmarshalled),
 * or undefined when the item is not an event: not an audit item, an action this
 * version does not know, or an item written before audit items carried event data
 * (those are in the audit log only).
 */
export function domainEventFromAuditItem(item: Record<string, unknown>): DomainEvent | undefined {
  if (item.entity !== 'audit') return undefined;
  const stored = readAuditItem(item) as StoredAudit;
  if (typeof stored.action !== 'string' || stored.data === undefined) return undefined;
  const type = currentActionName(stored.action);
  if (!isEventType(type) || !stored.actor || !stored.target || typeof stored.id !== 'string' || typeof stored.at !== 'string') return undefined;
  const { actor, target } = stored;
  return {
    id: stored.id,
    type,
    schemaVersion: EVENT_TYPES[type].schemaVersion,
    tenantId: String(stored.tenantId),
    occurredAt: stored.at,
    actor: { type: actor.type, id: actor.id, ...(actor.slug ? { slug: actor.slug } : {}) },
    source: stored.source ?? SOURCE_OF_ACTOR[actor.type],
    subject: subjectOf(type, { actor, target }),
    sequence: typeof stored.sequence === 'number' ? stored.sequence : Date.parse(stored.at),
    data: stored.data as EventData<typeof type>,
  };
}
