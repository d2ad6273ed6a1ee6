/** The webhook routes (`/api/svc/v1/webhooks...`, tenant admins). */
import type { DeliveryView } from '../../../shared/webhooks/delivery.js';
import type { WebhookEndpointView } from '../../../shared/webhooks/webhook-endpoint.js';
import { request } from './http.js';

export type { DeliveryView, WebhookEndpointView };

const WEBHOOKS = '/api/svc/v1/webhooks';

export interface EndpointInput {
  url: string;
  eventTypes: string[];
  description?: string;
  enabled?: boolean;
}

export interface EndpointWithSecret {
  data: WebhookEndpointView;
  secret: string;
}

export const listEndpoints = (signal?: AbortSignal) => request<{ data: WebhookEndpointView[] }>('GET', WEBHOOKS, { signal }).then((r) => r.data);

export const createEndpoint = (input: EndpointInput) => request<EndpointWithSecret>('POST', WEBHOOKS, { body: input });

export const updateEndpoint = (id: string, patch: Partial<EndpointInput>) =>
  request<{ data: WebhookEndpointView }>('PATCH', `${WEBHOOKS}/${encodeURIComponent(id)}`, { body: patch }).then((r) => r.data);

export const deleteEndpoint = (id: string) => request<unknown>('DELETE', `${WEBHOOKS}/${encodeURIComponent(id)}`);

export const rotateSecret = (id: string, overlapSeconds: number) =>
  request<EndpointWithSecret>('POST', `${WEBHOOKS}/${encodeURIComponent(id)}/rotate-secret`, { body: { overlapSeconds } });

export const sendTestEvent = (id: string) => request<{ data: DeliveryView }>('POST', `${WEBHOOKS}/${encodeURIComponent(id)}/test`).then((r) => r.data);

export const listDeliveries = (id: string, signal?: AbortSignal) =>
  request<{ data: DeliveryView[]; nextBefore?: string }>('GET', `${WEBHOOKS}/${encodeURIComponent(id)}/deliveries?limit=50`, { signal });

export const redeliver = (id: string, deliveryId: string) =>
  request<{ data: DeliveryView }>('POST', `${WEBHOOKS}/${encodeURIComponent(id)}/deliveries/${encodeURIComponent(deliveryId)}/redeliver`).then((r) => r.data);
