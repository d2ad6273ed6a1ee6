/**
 * What a webhook carries for one audited change. This is the one seam between
 * the webhooks and the event catalogue: `webhookEventOf` turns a stored audit
 * item into the message, and nothing else in shared/webhooks reads audit items.
 *
 * The body follows the Standard Webhooks payload shape: `{type, timestamp, data}`,
 * where `data` is the domain event (shared/events/domain-event.ts: id, tenant,
 * actor, source, subject, per-subject sequence, the subject's state after the
 * change). The event id is the message id (`webhook-id`), so a receiver
 * deduplicates retries and redeliveries by it.
 */
import { domainEventFromAuditItem } from '../events/domain-event.js';

export interface WebhookEvent {
  /** Unique per change; the `webhook-id` of every delivery of it. */
  id: string;
  type: string;
  tenantId: string;
  occurredAt: string;
  /** The message body, serialised once so that every attempt signs the same bytes. */
  body: string;
}

/**
 * The message of an audit item, or `undefined` for an item that is no domain
 * event (not an audit item, or one written before audit items carried event data).
 */
export function webhookEventOf(item: Record<string, unknown>): WebhookEvent | undefined {
  const event = domainEventFromAuditItem(item);
  if (!event) return undefined;
  return {
    id: event.id,
    type: event.type,
    tenantId: event.tenantId,
    occurredAt: event.occurredAt,
    body: JSON.stringify({ type: event.type, timestamp: event.occurredAt, data: event }),
  };
}

/** A `webhook.test` message: what an admin sends to check an endpoint before real events reach it. */
export function testEvent(input: { id: string; tenantId: string; endpointId: string; at: string }): WebhookEvent {
  const type = 'webhook.test';
  const data = {
    id: input.id,
    type,
    tenantId: input.tenantId,
    occurredAt: input.at,
    endpointId: input.endpointId,
    message: 'A test event sent from the admin API.',
  };
  return { id: input.id, type, tenantId: input.tenantId, occurredAt: input.at, body: JSON.stringify({ type, timestamp: input.at, data }) };
}
