/**
 * What a webhook carries for one audited change. This is the one seam between
 * the webhooks and the event catalogue: `webhookEventOf` turns a stored audit
 * item into the message, and nothing else in shared/webhooks reads audit items.
 *
 * The body follows the Standard Webhooks payload shape: `{type, timestamp, data}`,
 * where `data` is the domain event (id, tenant, actor, subject, the subject's
 * state after the change). The event id is the message id (`webhook-id`), so a
 * receiver deduplicates retries and redeliveries by it.
 */
import { currentActionName } from '../events/event-types.js';

export interface WebhookEvent {
  /** Unique per change; the `webhook-id` of every delivery of it. */
  id: string;
  type: string;
  tenantId: string;
  occurredAt: string;
  /** The message body, serialised once so that every attempt signs the same bytes. */
  body: string;
}

interface AuditItemFields {
  entity?: unknown;
  id?: unknown;
  tenantId?: unknown;
  at?: unknown;
  action?: unknown;
  actor?: unknown;
  target?: unknown;
  changes?: unknown;
  details?: unknown;
  data?: unknown;
  sequence?: unknown;
  requestId?: unknown;
}

/** The event of an audit item, or `undefined` for an item that is not an audit event. */
export function webhookEventOf(item: Record<string, unknown>): WebhookEvent | undefined {
  const a = item as AuditItemFields;
  if (a.entity !== 'audit' || typeof a.id !== 'string' || typeof a.tenantId !== 'string' || typeof a.at !== 'string' || typeof a.action !== 'string') {
    return undefined;
  }
  const type = currentActionName(a.action);
  const changes = (a.changes ?? {}) as { after?: unknown; before?: unknown };
  const data: Record<string, unknown> = {
    id: a.id,
    type,
    tenantId: a.tenantId,
    occurredAt: a.at,
    actor: a.actor,
    subject: a.target,
    data: a.data ?? changes.after ?? {},
  };
  if (changes.before !== undefined) data.previous = changes.before;
  if (a.details !== undefined) data.details = a.details;
  if (a.sequence !== undefined) data.sequence = a.sequence;
  return { id: a.id, type, tenantId: a.tenantId, occurredAt: a.at, body: JSON.stringify({ type, timestamp: a.at, data }) };
}

/** A `webhook.test` message: what an admin sends to check an endpoint before real events reach it. */
export function testEvent(input: { id: string; tenantId: string; endpointId: string; at: string }): WebhookEvent {
  const type = 'webhook.test';
  const data = { id: input.id, type, tenantId: input.tenantId, occurredAt: input.at, endpointId: input.endpointId, message: 'A test event sent from the admin API.' };
  return { id: input.id, type, tenantId: input.tenantId, occurredAt: input.at, body: JSON.stringify({ type, timestamp: input.at, data }) };
}
