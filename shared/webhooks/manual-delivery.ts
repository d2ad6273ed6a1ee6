/**
 * What an admin asks of deliveries: a test event to an endpoint, and one more
 * attempt at a delivery that is settled (delivered or failed). Both get a
 * single attempt from a worker right away and never count towards turning the
 * endpoint off.
 */
import { randomUUID } from 'node:crypto';
import { ConflictError, NotFoundError } from '../errors/app-error.js';
import type { Table } from '../storage/table.js';
import { createDelivery, getDelivery, refOf, requeueDelivery, type Delivery } from './delivery.js';
import { dispatchDelivery } from './dispatch.js';
import { requireEndpoint } from './endpoint-store.js';
import { testEvent } from './webhook-event.js';

export async function sendTestEvent(table: Table, input: { tenantId: string; endpointId: string }): Promise<Delivery> {
  const endpoint = await requireEndpoint(table, input.tenantId, input.endpointId);
  const event = testEvent({ id: randomUUID(), tenantId: endpoint.tenantId, endpointId: endpoint.id, at: new Date().toISOString() });
  const delivery = await createDelivery(table, { event, endpointId: endpoint.id, kind: 'test' });
  // A fresh random id cannot exist already.
  if (!delivery) throw new Error('test delivery id collided');
  await dispatchDelivery(refOf(delivery));
  return delivery;
}

export async function redeliver(table: Table, input: { tenantId: string; endpointId: string; deliveryId: string }): Promise<Delivery> {
  await requireEndpoint(table, input.tenantId, input.endpointId);
  const existing = await getDelivery(table, input);
  if (!existing) throw new NotFoundError('webhook.delivery_not_found', `No delivery ${input.deliveryId} of this endpoint`);
  const queued = await requeueDelivery(table, existing);
  if (!queued) throw new ConflictError('webhook.delivery_pending', 'This delivery is still pending: its next attempt is already scheduled');
  await dispatchDelivery(refOf(queued));
  return queued;
}
