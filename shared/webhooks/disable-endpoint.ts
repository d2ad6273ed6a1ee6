/**
 * Turning an endpoint off when an event could not be delivered for the whole
 * retry schedule (about a day): the endpoint stops receiving, an audit event
 * records it (actor: the system), and every active admin of the tenant gets a
 * mail through the mail outbox, all in one transaction. The condition on
 * `enabled` makes it happen once however many deliveries give up together.
 */
import { recordAudit } from '../audit/audit-event.js';
import { ConflictError } from '../errors/app-error.js';
import { webhookEndpointState } from '../events/event-state.js';
import { enqueueMail } from '../mail/outbox.js';
import { keys } from '../storage/keys.js';
import type { Table } from '../storage/table.js';
import { Transaction } from '../storage/transaction.js';
import { TenantRepository } from '../tenants/tenant-repository.js';
import { endpointFromItem, endpointItem, type WebhookEndpoint } from './webhook-endpoint.js';

/** Admins mailed at most: a transaction holds 100 items. */
const MAX_MAILED_ADMINS = 50;

export async function disableFailingEndpoint(table: Table, input: { endpoint: WebhookEndpoint; attempts: number; lastError: string }): Promise<boolean> {
  const current = await table.get(keys.webhookEndpoint(input.endpoint.tenantId, input.endpoint.id));
  if (!current) return false;
  const before = endpointFromItem(current);
  if (!before.enabled) return false;
  const now = new Date().toISOString();
  const tenant = await new TenantRepository(table).require(before.tenantId);
  const admins = await activeAdminEmails(table, before.tenantId);
  const tx = new Transaction(table);
  const disabled: WebhookEndpoint = { ...before, enabled: false, disabledReason: 'failing', disabledAt: now, updatedAt: now, version: before.version + 1 };
  tx.put(endpointItem(disabled), {
    condition: '#version = :version AND enabled = :on',
    names: { '#version': 'version' },
    values: { ':version': before.version, ':on': true },
    onConditionFailed: () => new ConflictError('webhook.conflict', 'The endpoint changed concurrently'),
  });
  recordAudit(tx, {
    tenantId: before.tenantId,
    actor: { type: 'system', id: 'webhooks', slug: 'Webhook delivery' },
    action: 'webhook_endpoint.disabled',
    target: { type: 'webhookEndpoint', id: before.id, slug: before.url },
    changes: { before: { enabled: true }, after: { enabled: false } },
    details: { reason: 'failing', attempts: input.attempts, lastError: input.lastError },
    data: { endpoint: webhookEndpointState(disabled) },
    sequence: disabled.version,
  });
  for (const to of admins.slice(0, MAX_MAILED_ADMINS)) {
    enqueueMail(tx, {
      tenantId: before.tenantId,
      to,
      template: 'webhook-disabled',
      data: { tenantName: tenant.displayName, url: before.url, attempts: String(input.attempts), lastError: input.lastError },
    });
  }
  try {
    await tx.commit();
    return true;
  } catch (error) {
    // Another worker turned it off first, or an admin changed it: theirs is the state to keep.
    if (error instanceof ConflictError) return false;
    throw error;
  }
}

/**
 * The login emails of the tenant's active admins. The tenant's users are read
 * once (there is no index by role); this runs once per endpoint that fails for a
 * day, not per request.
 */
async function activeAdminEmails(table: Table, tenantId: string): Promise<string[]> {
  const items = await table.queryAll({
    KeyConditionExpression: 'PK = :pk AND begins_with(SK, :prefix)',
    FilterExpression: '#role = :admin AND active = :on AND attribute_exists(email)',
    ProjectionExpression: 'email',
    ExpressionAttributeNames: { '#role': 'role' },
    ExpressionAttributeValues: { ':pk': keys.tenantPartition(tenantId), ':prefix': keys.userPrefix, ':admin': 'tenant-admin', ':on': true },
  });
  return items.map((i) => String(i.email));
}
