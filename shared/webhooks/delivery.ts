/**
 * One event's delivery to one endpoint, and its attempts. The id is derived
 * from the event and the endpoint (the event's time first, so a Query lists the
 * newest first), and the item is created only if absent: a stream batch
 * delivered twice fans out once. While an attempt is due the item carries the
 * sparse due-index keys, so the retry sweeper finds it; an attempt first takes
 * a short lease by a conditional write, so two workers never send it at once.
 * The last attempts are kept on the item (bounded), with a bounded excerpt of
 * each response.
 */
import { randomUUID } from 'node:crypto';
import * as z from '../validation/zod.js';
import { INDEXES, TTL_ATTRIBUTE } from '../storage/table-definition.js';
import { keys } from '../storage/keys.js';
import type { Item, Table } from '../storage/table.js';
import { isConditionalCheckFailed } from '../storage/aws-errors.js';
import type { WebhookEvent } from './webhook-event.js';

/** Attempts kept on a delivery: the first and the latest ones tell the story. */
export const KEPT_ATTEMPTS = 10;
/** Longer than one attempt can take (10 s timeout plus signing), so a lease outlives its attempt. */
export const LEASE_MS = 30_000;
/** The delivery log keeps a month. */
const RETENTION_SECONDS = 30 * 24 * 3600;

export const AttemptSchema = z.object({
  at: z.string(),
  /** `delivered`: a 2xx. Anything else (a status, a refusal, a timeout) is `failed`. */
  outcome: z.enum(['delivered', 'failed']),
  statusCode: z.optional(z.int()),
  latencyMs: z.int(),
  /** The start of the response body, at most 1 KiB. */
  responseExcerpt: z.optional(z.string()),
  error: z.optional(z.string()),
});
export type Attempt = z.infer<typeof AttemptSchema>;

export const DELIVERY_STATUSES = ['pending', 'delivered', 'failed'] as const;

const StoredDeliverySchema = z.object({
  id: z.string(),
  tenantId: z.string(),
  endpointId: z.string(),
  eventId: z.string(),
  eventType: z.string(),
  /** `event`: a change, retried on the schedule; `test` and `redelivery`: one attempt, asked for by an admin. */
  kind: z.enum(['event', 'test', 'redelivery']),
  body: z.string(),
  status: z.enum(DELIVERY_STATUSES),
  createdAt: z.string(),
  attemptCount: z.int(),
  attempts: z.array(AttemptSchema),
  nextAttemptAt: z.optional(z.string()),
  deliveredAt: z.optional(z.string()),
  /** Why it stopped without success. */
  failureReason: z.optional(z.string()),
  leaseId: z.optional(z.string()),
  leaseUntil: z.optional(z.string()),
});
export type Delivery = z.infer<typeof StoredDeliverySchema>;

export const deliveryFromItem = (item: Item): Delivery => StoredDeliverySchema.parse(item);

/** Sortable by the event's time, unique per event (per endpoint, which is in the key). */
export const deliveryIdOf = (event: Pick<WebhookEvent, 'id' | 'occurredAt'>): string => `${String(Date.parse(event.occurredAt)).padStart(13, '0')}_${event.id}`;

const dueKeys = (d: Pick<Delivery, 'tenantId' | 'endpointId' | 'id'>, at: string) => keys.webhookDueIndexKeys(at, d.tenantId, d.endpointId, d.id);

export interface DeliveryRef {
  tenantId: string;
  endpointId: string;
  deliveryId: string;
}

export const refOf = (d: Pick<Delivery, 'tenantId' | 'endpointId' | 'id'>): DeliveryRef => ({
  tenantId: d.tenantId,
  endpointId: d.endpointId,
  deliveryId: d.id,
});

/**
 * Creates the delivery of `event` to the endpoint, due now, unless it exists.
 * Returns it when created, `undefined` when it already existed.
 */
export async function createDelivery(table: Table, input: { event: WebhookEvent; endpointId: string; kind: Delivery['kind'] }): Promise<Delivery | undefined> {
  const now = new Date().toISOString();
  const delivery: Delivery = {
    id: deliveryIdOf(input.event),
    tenantId: input.event.tenantId,
    endpointId: input.endpointId,
    eventId: input.event.id,
    eventType: input.event.type,
    kind: input.kind,
    body: input.event.body,
    status: 'pending',
    createdAt: now,
    attemptCount: 0,
    attempts: [],
    nextAttemptAt: now,
  };
  try {
    await table.put({
      Item: {
        ...keys.webhookDelivery(delivery.tenantId, delivery.endpointId, delivery.id),
        entity: 'webhook_delivery',
        ...delivery,
        ...dueKeys(delivery, now),
        [TTL_ATTRIBUTE]: Math.floor(Date.now() / 1000) + RETENTION_SECONDS,
      },
      ConditionExpression: 'attribute_not_exists(PK)',
    });
    return delivery;
  } catch (error) {
    if (isConditionalCheckFailed(error)) return undefined;
    throw error;
  }
}

export async function getDelivery(table: Table, ref: DeliveryRef): Promise<Delivery | undefined> {
  const item = await table.get(keys.webhookDelivery(ref.tenantId, ref.endpointId, ref.deliveryId));
  return item ? deliveryFromItem(item) : undefined;
}

/** A page of an endpoint's deliveries, newest first. */
export async function listDeliveries(
  table: Table,
  input: { tenantId: string; endpointId: string; limit: number; startKey?: Record<string, unknown>; status?: Delivery['status'] },
): Promise<{ deliveries: Delivery[]; lastKey?: Record<string, unknown> }> {
  const page = await table.query({
    KeyConditionExpression: 'PK = :pk AND begins_with(SK, :prefix)',
    ExpressionAttributeValues: {
      ':pk': keys.webhookDeliveries(input.tenantId, input.endpointId),
      ':prefix': keys.webhookDeliveryPrefix,
      ...(input.status ? { ':status': input.status } : {}),
    },
    ...(input.status ? { FilterExpression: '#status = :status', ExpressionAttributeNames: { '#status': 'status' } } : {}),
    ScanIndexForward: false,
    Limit: input.limit,
    ExclusiveStartKey: input.startKey,
  });
  return { deliveries: page.items.map(deliveryFromItem), lastKey: page.lastKey };
}

/**
 * Takes the lease of a due, pending delivery. `undefined` when it is not
 * pending, not yet due, or leased by another worker: there is nothing to do.
 */
export async function claimDelivery(table: Table, ref: DeliveryRef, now = new Date()): Promise<Delivery | undefined> {
  const at = now.toISOString();
  try {
    const item = await table.update({
      Key: keys.webhookDelivery(ref.tenantId, ref.endpointId, ref.deliveryId),
      UpdateExpression: 'SET leaseId = :lease, leaseUntil = :until',
      ConditionExpression: '#status = :pending AND nextAttemptAt <= :now AND (attribute_not_exists(leaseUntil) OR leaseUntil < :now)',
      ExpressionAttributeNames: { '#status': 'status' },
      ExpressionAttributeValues: { ':lease': randomUUID(), ':until': new Date(now.getTime() + LEASE_MS).toISOString(), ':pending': 'pending', ':now': at },
      ReturnValues: 'ALL_NEW',
    });
    return item ? deliveryFromItem(item) : undefined;
  } catch (error) {
    if (isConditionalCheckFailed(error)) return undefined;
    throw error;
  }
}

/** What happens after an attempt: done, due again at a time, or given up for a reason. */
export type Next = { status: 'delivered' } | { status: 'pending'; at: string } | { status: 'failed'; reason: string };

/** Records an attempt (or a reason not to attempt) under the lease taken by {@link claimDelivery}. */
export async function settleDelivery(table: Table, leased: Delivery, attempt: Attempt | undefined, next: Next): Promise<Delivery> {
  const attempts = attempt ? keepAttempts([...leased.attempts, attempt]) : leased.attempts;
  const names: Record<string, string> = { '#status': 'status' };
  const values: Record<string, unknown> = {
    ':status': next.status,
    ':attempts': attempts,
    ':count': leased.attemptCount + (attempt ? 1 : 0),
    ':lease': leased.leaseId,
  };
  const set = ['#status = :status', 'attempts = :attempts', 'attemptCount = :count'];
  const remove = ['leaseId', 'leaseUntil'];
  if (next.status === 'pending') {
    const due = dueKeys(leased, next.at);
    set.push('nextAttemptAt = :next', `${INDEXES.lookupsAndQueues.partitionKey} = :gsipk`, `${INDEXES.lookupsAndQueues.sortKey} = :gsisk`);
    Object.assign(values, { ':next': next.at, ':gsipk': due.GSI1PK, ':gsisk': due.GSI1SK });
  } else {
    remove.push('nextAttemptAt', INDEXES.lookupsAndQueues.partitionKey, INDEXES.lookupsAndQueues.sortKey);
    if (next.status === 'delivered') {
      set.push('deliveredAt = :deliveredAt');
      values[':deliveredAt'] = attempt?.at ?? new Date().toISOString();
    } else {
      set.push('failureReason = :reason');
      values[':reason'] = next.reason;
    }
  }
  const item = await table.update({
    Key: keys.webhookDelivery(leased.tenantId, leased.endpointId, leased.id),
    UpdateExpression: `SET ${set.join(', ')} REMOVE ${remove.join(', ')}`,
    ConditionExpression: 'leaseId = :lease',
    ExpressionAttributeNames: names,
    ExpressionAttributeValues: values,
    ReturnValues: 'ALL_NEW',
  });
  return deliveryFromItem(item!);
}

/**
 * Makes a settled delivery due again now for one more attempt (an admin's
 * redelivery), keeping its id, body and message id, so a receiver that got it
 * before recognises it. A delivery still pending is already on its way: 409.
 */
export async function requeueDelivery(table: Table, delivery: Delivery): Promise<Delivery | undefined> {
  const now = new Date().toISOString();
  const due = dueKeys(delivery, now);
  try {
    const item = await table.update({
      Key: keys.webhookDelivery(delivery.tenantId, delivery.endpointId, delivery.id),
      UpdateExpression: `SET #status = :pending, kind = :kind, nextAttemptAt = :now, ${INDEXES.lookupsAndQueues.partitionKey} = :gsipk, ${INDEXES.lookupsAndQueues.sortKey} = :gsisk REMOVE failureReason, deliveredAt`,
      ConditionExpression: 'attribute_exists(PK) AND #status <> :pending',
      ExpressionAttributeNames: { '#status': 'status' },
      ExpressionAttributeValues: {
        ':pending': 'pending',
        ':kind': delivery.kind === 'test' ? 'test' : 'redelivery',
        ':now': now,
        ':gsipk': due.GSI1PK,
        ':gsisk': due.GSI1SK,
      },
      ReturnValues: 'ALL_NEW',
    });
    return deliveryFromItem(item!);
  } catch (error) {
    if (isConditionalCheckFailed(error)) return undefined;
    throw error;
  }
}

/** Due deliveries of every tenant, oldest due first: what the sweeper hands to workers. */
export async function dueDeliveries(table: Table, now = new Date(), limit = 500): Promise<DeliveryRef[]> {
  const page = await table.query({
    IndexName: INDEXES.lookupsAndQueues.name,
    KeyConditionExpression: `${INDEXES.lookupsAndQueues.partitionKey} = :pk AND ${INDEXES.lookupsAndQueues.sortKey} <= :now`,
    ExpressionAttributeValues: { ':pk': keys.gsiWebhookDue, ':now': `${now.toISOString()}#~` },
    Limit: limit,
  });
  return page.items.map((item) => ({ tenantId: String(item.tenantId), endpointId: String(item.endpointId), deliveryId: String(item.id) }));
}

/** The first attempt and the latest ones, at most {@link KEPT_ATTEMPTS}. */
function keepAttempts(attempts: Attempt[]): Attempt[] {
  if (attempts.length <= KEPT_ATTEMPTS) return attempts;
  return [attempts[0]!, ...attempts.slice(attempts.length - (KEPT_ATTEMPTS - 1))];
}

export const DeliveryView = z.object({
  id: z.string(),
  endpointId: z.string(),
  eventId: z.string(),
  eventType: z.string(),
  kind: z.enum(['event', 'test', 'redelivery']),
  status: z.enum(DELIVERY_STATUSES),
  createdAt: z.string(),
  attemptCount: z.int(),
  nextAttemptAt: z.optional(z.string()),
  deliveredAt: z.optional(z.string()),
  failureReason: z.optional(z.string()),
  attempts: z.array(AttemptSchema),
});
export type DeliveryView = z.infer<typeof DeliveryView>;

export function deliveryView(d: Delivery): DeliveryView {
  const view: DeliveryView = {
    id: d.id,
    endpointId: d.endpointId,
    eventId: d.eventId,
    eventType: d.eventType,
    kind: d.kind,
    status: d.status,
    createdAt: d.createdAt,
    attemptCount: d.attemptCount,
    attempts: d.attempts,
  };
  if (d.nextAttemptAt && d.status === 'pending') view.nextAttemptAt = d.nextAttemptAt;
  if (d.deliveredAt) view.deliveredAt = d.deliveredAt;
  if (d.failureReason) view.failureReason = d.failureReason;
  return view;
}
