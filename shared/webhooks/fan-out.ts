/**
 * From audited changes to deliveries: for each event, one delivery per enabled
 * endpoint of its tenant that subscribes to its type, created only if absent
 * (the stream may deliver a record twice), each handed to its own worker. The
 * stream consumer does no sending itself, so one tenant's slow receiver never
 * holds up the stream shard that carries every tenant's changes.
 */
import type { Table } from '../storage/table.js';
import { createDelivery, refOf, type Delivery } from './delivery.js';
import { dispatchDelivery } from './dispatch.js';
import { listEndpoints } from './endpoint-store.js';
import { WEBHOOK_EVENT_TYPES } from './endpoint-input.js';
import { subscribes, type WebhookEndpoint } from './webhook-endpoint.js';
import type { WebhookEvent } from './webhook-event.js';

export interface FanOutOptions {
  /** Hands a created delivery to a worker; the Lambda `Event` invocation unless a test says otherwise. */
  dispatch?: (delivery: Delivery) => Promise<unknown>;
}

/** Creates and dispatches the deliveries of `events`, in order; returns those created. */
export async function fanOut(table: Table, events: readonly WebhookEvent[], options: FanOutOptions = {}): Promise<Delivery[]> {
  const dispatch = options.dispatch ?? ((d: Delivery) => dispatchDelivery(refOf(d)));
  const endpointsOf = new Map<string, Promise<WebhookEndpoint[]>>();
  const created: Delivery[] = [];
  for (const event of events) {
    if (!WEBHOOK_EVENT_TYPES.includes(event.type)) continue;
    let endpoints = endpointsOf.get(event.tenantId);
    if (!endpoints) {
      endpoints = listEndpoints(table, event.tenantId);
      endpointsOf.set(event.tenantId, endpoints);
    }
    for (const endpoint of await endpoints) {
      if (!endpoint.enabled || !subscribes(endpoint, event.type)) continue;
      // An endpoint hears of changes made after it was registered, by the change's own time (taken just before its
      // commit): a lagging stream must not replay older ones to it.
      if (event.occurredAt < endpoint.createdAt) continue;
      const delivery = await createDelivery(table, { event, endpointId: endpoint.id, kind: 'event' });
      if (delivery) created.push(delivery);
    }
  }
  await Promise.all(created.map(dispatch));
  return created;
}
