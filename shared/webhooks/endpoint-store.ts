/**
 * Managing a tenant's webhook endpoints: create (the secret answered once),
 * read, update, delete and rotate the secret with an overlap. Every change
 * writes its audit event in the same transaction; secrets never appear in an
 * audit event, a log line or any answer but the one that made them. Concurrent
 * changes of one endpoint are refused by its version (409), not merged.
 */
import { randomBytes } from 'node:crypto';
import { diffAttributes, recordAudit, type Actor, type NewAuditEvent } from '../audit/audit-event.js';
import { BadRequestError, ConflictError, NotFoundError } from '../errors/app-error.js';
import { webhookEndpointState } from '../events/event-state.js';
import { keys } from '../storage/keys.js';
import type { Table } from '../storage/table.js';
import { Transaction } from '../storage/transaction.js';
import { sealSecret } from './secret-box.js';
import { newWebhookSecret } from './signature.js';
import {
  endpointFromItem,
  endpointItem,
  endpointView,
  liveSecrets,
  MAX_ENDPOINTS_PER_TENANT,
  type WebhookEndpoint,
  type WebhookEndpointView,
} from './webhook-endpoint.js';
import { checkEndpointUrl, checkEventTypes } from './endpoint-input.js';

/** Bounds of a rotation's overlap: at once, up to a week; a day unless asked. */
export const MAX_OVERLAP_SECONDS = 7 * 24 * 3600;
export const DEFAULT_OVERLAP_SECONDS = 24 * 3600;

export interface EndpointInput {
  url: string;
  eventTypes: string[];
  description?: string;
  enabled?: boolean;
}

export interface CreatedEndpoint {
  endpoint: WebhookEndpointView;
  /** The plaintext secret: in this answer only. */
  secret: string;
}

const newId = (prefix: string) => `${prefix}_${randomBytes(12).toString('base64url')}`;
const newEndpointId = () => newId('ep');

/** Registers an endpoint (at most {@link MAX_ENDPOINTS_PER_TENANT} per tenant) and answers its secret once. */
export async function createEndpoint(table: Table, input: EndpointInput & { tenantId: string; actor: Actor; requestId?: string }): Promise<CreatedEndpoint> {
  checkEndpointUrl(input.url);
  const eventTypes = checkEventTypes(input.eventTypes);
  const id = newEndpointId();
  const secret = newWebhookSecret();
  const now = new Date().toISOString();
  const endpoint: WebhookEndpoint = {
    id,
    tenantId: input.tenantId,
    url: input.url,
    description: input.description ?? '',
    eventTypes,
    enabled: input.enabled ?? true,
    secrets: [{ id: newId('sec'), sealed: await sealSecret(secret, { tenantId: input.tenantId, endpointId: id }), createdAt: now }],
    createdAt: now,
    createdBy: input.actor.id,
    updatedAt: now,
    version: 1,
  };
  if (!endpoint.enabled) Object.assign(endpoint, { disabledReason: 'admin', disabledAt: now });
  const tx = new Transaction(table);
  tx.update(keys.webhookEndpointCount(input.tenantId), 'SET #count = if_not_exists(#count, :zero) + :one, entity = :entity', {
    condition: 'attribute_not_exists(#count) OR #count < :max',
    names: { '#count': 'count' },
    values: { ':zero': 0, ':one': 1, ':max': MAX_ENDPOINTS_PER_TENANT, ':entity': 'webhook_endpoint_count' },
    onConditionFailed: () =>
      new ConflictError('webhook.too_many_endpoints', `A tenant has at most ${MAX_ENDPOINTS_PER_TENANT} webhook endpoints; delete one first`),
  });
  tx.create(endpointItem(endpoint), () => new ConflictError('webhook.conflict', 'The endpoint was created concurrently; try again'));
  recordAudit(tx, {
    tenantId: input.tenantId,
    actor: input.actor,
    action: 'webhook_endpoint.created',
    target: { type: 'webhookEndpoint', id, slug: input.url },
    requestId: input.requestId,
    changes: { after: auditedFields(endpoint) },
    data: { endpoint: webhookEndpointState(endpoint) },
    sequence: endpoint.version,
  });
  await tx.commit();
  return { endpoint: endpointView(endpoint), secret };
}

/** The endpoint, or a 404 (also for another tenant's endpoint: the tenant is part of the key). */
export async function requireEndpoint(table: Table, tenantId: string, endpointId: string): Promise<WebhookEndpoint> {
  const item = await table.get(keys.webhookEndpoint(tenantId, endpointId));
  if (!item) throw new NotFoundError('webhook.not_found', `No webhook endpoint ${endpointId}`);
  return endpointFromItem(item);
}

/** The tenant's endpoints, oldest first (bounded by the per-tenant cap). */
export async function listEndpoints(table: Table, tenantId: string): Promise<WebhookEndpoint[]> {
  const items = await table.queryAll({
    KeyConditionExpression: 'PK = :pk AND begins_with(SK, :prefix)',
    ExpressionAttributeValues: { ':pk': keys.tenantPartition(tenantId), ':prefix': keys.webhookEndpointPrefix },
  });
  return items.map(endpointFromItem).sort((a, b) => (a.createdAt < b.createdAt ? -1 : 1));
}

export type EndpointPatch = Partial<EndpointInput>;

/** Changes url, event types, description or enabled; turning an endpoint on clears why it was off. */
export async function updateEndpoint(
  table: Table,
  input: { tenantId: string; endpointId: string; patch: EndpointPatch; actor: Actor; requestId?: string },
): Promise<WebhookEndpointView> {
  const { patch } = input;
  if (patch.url !== undefined) checkEndpointUrl(patch.url);
  const eventTypes = patch.eventTypes === undefined ? undefined : checkEventTypes(patch.eventTypes);
  const before = await requireEndpoint(table, input.tenantId, input.endpointId);
  const now = new Date().toISOString();
  const after: WebhookEndpoint = {
    ...before,
    url: patch.url ?? before.url,
    description: patch.description ?? before.description,
    eventTypes: eventTypes ?? before.eventTypes,
    enabled: patch.enabled ?? before.enabled,
    updatedAt: now,
    version: before.version + 1,
  };
  if (after.enabled) {
    delete after.disabledReason;
    delete after.disabledAt;
  } else if (before.enabled) Object.assign(after, { disabledReason: 'admin', disabledAt: now });
  await commitChange(table, before, after, {
    action: 'webhook_endpoint.updated',
    actor: input.actor,
    requestId: input.requestId,
    changes: diffAttributes(auditedFields(before), auditedFields(after)),
  });
  return endpointView(after);
}

/** Deletes the endpoint; its pending deliveries find it gone and stop, its delivery log expires with its TTL. */
export async function deleteEndpoint(table: Table, input: { tenantId: string; endpointId: string; actor: Actor; requestId?: string }): Promise<void> {
  const before = await requireEndpoint(table, input.tenantId, input.endpointId);
  const tx = new Transaction(table);
  tx.delete(keys.webhookEndpoint(input.tenantId, before.id), {
    condition: '#version = :version',
    names: { '#version': 'version' },
    values: { ':version': before.version },
    onConditionFailed: (blocking) => (blocking ? concurrentChange() : gone(before.id)),
  });
  tx.update(keys.webhookEndpointCount(input.tenantId), 'SET #count = #count - :one', {
    condition: '#count > :zero',
    names: { '#count': 'count' },
    values: { ':one': 1, ':zero': 0 },
  });
  recordAudit(tx, {
    tenantId: input.tenantId,
    actor: input.actor,
    action: 'webhook_endpoint.deleted',
    target: { type: 'webhookEndpoint', id: before.id, slug: before.url },
    requestId: input.requestId,
    changes: { before: auditedFields(before) },
    data: { endpoint: webhookEndpointState(before) },
    sequence: before.version + 1,
  });
  await tx.commit();
}

/**
 * A new secret, answered once. The previous one keeps signing for
 * `overlapSeconds` (0 ends it now), so receivers can switch without dropping a
 * message; a secret older than that is dropped at once.
 */
export async function rotateSecret(
  table: Table,
  input: { tenantId: string; endpointId: string; overlapSeconds?: number; actor: Actor; requestId?: string },
): Promise<CreatedEndpoint & { previousSecretExpiresAt?: string }> {
  const overlap = input.overlapSeconds ?? DEFAULT_OVERLAP_SECONDS;
  if (!Number.isInteger(overlap) || overlap < 0 || overlap > MAX_OVERLAP_SECONDS) {
    throw new BadRequestError('webhook.invalid_overlap', `overlapSeconds must be an integer from 0 to ${MAX_OVERLAP_SECONDS}`);
  }
  const before = await requireEndpoint(table, input.tenantId, input.endpointId);
  const now = new Date();
  const current = liveSecrets(before, now)[0];
  const secret = newWebhookSecret();
  const previousEndsAt = overlap > 0 && current ? new Date(now.getTime() + overlap * 1000).toISOString() : undefined;
  const after: WebhookEndpoint = {
    ...before,
    secrets: [
      { id: newId('sec'), sealed: await sealSecret(secret, { tenantId: before.tenantId, endpointId: before.id }), createdAt: now.toISOString() },
      ...(current && previousEndsAt ? [{ ...current, expiresAt: previousEndsAt }] : []),
    ],
    updatedAt: now.toISOString(),
    version: before.version + 1,
  };
  await commitChange(table, before, after, {
    action: 'webhook_endpoint.secret_rotated',
    actor: input.actor,
    requestId: input.requestId,
    details: { overlapSeconds: overlap, ...(previousEndsAt ? { previousSecretExpiresAt: previousEndsAt } : {}) },
  });
  return { endpoint: endpointView(after, now), secret, ...(previousEndsAt ? { previousSecretExpiresAt: previousEndsAt } : {}) };
}

/** Writes `after` if the endpoint is still at `before`'s version, with its audit event, in one transaction. */
async function commitChange(
  table: Table,
  before: WebhookEndpoint,
  after: WebhookEndpoint,
  audit: { action: 'webhook_endpoint.updated' | 'webhook_endpoint.secret_rotated'; actor: Actor; requestId?: string } & Pick<
    NewAuditEvent,
    'changes' | 'details'
  >,
): Promise<void> {
  const tx = new Transaction(table);
  putVersioned(tx, before, after);
  recordAudit(tx, {
    tenantId: before.tenantId,
    actor: audit.actor,
    action: audit.action,
    target: { type: 'webhookEndpoint', id: before.id, slug: after.url },
    requestId: audit.requestId,
    changes: audit.changes,
    details: audit.details,
    data: { endpoint: webhookEndpointState(after) },
    sequence: after.version,
  });
  await tx.commit();
}

/** Writes `after` only if the endpoint is still at `before`'s version. */
export function putVersioned(tx: Transaction, before: WebhookEndpoint, after: WebhookEndpoint): void {
  tx.put(endpointItem(after), {
    condition: '#version = :version',
    names: { '#version': 'version' },
    values: { ':version': before.version },
    onConditionFailed: (blocking) => (blocking ? concurrentChange() : gone(before.id)),
  });
}

const concurrentChange = () => new ConflictError('webhook.conflict', 'The endpoint changed concurrently; read it again and retry');
const gone = (id: string) => new NotFoundError('webhook.not_found', `No webhook endpoint ${id}`);

/** What the audit log keeps of an endpoint: never its secrets. */
function auditedFields(e: WebhookEndpoint): Record<string, unknown> {
  return { url: e.url, description: e.description, eventTypes: e.eventTypes, enabled: e.enabled };
}
