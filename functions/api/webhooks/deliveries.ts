/** GET /webhooks/{id}/deliveries: the endpoint's delivery log, newest first, with each delivery's attempts. */
import { defineRoute } from '../../../shared/http/define-route.js';
import { keys } from '../../../shared/storage/keys.js';
import { adminCallerOf } from '../../../shared/caller/admin-caller.js';
import { deliveryView, listDeliveries } from '../../../shared/webhooks/delivery.js';
import { requireEndpoint } from '../../../shared/webhooks/endpoint-store.js';
import { DeliveryListQuery, DeliveryListResponse, EndpointIdParams, ErrorResponse } from './schemas.js';

export const handler = defineRoute(
  {
    routes: ['webhooks.deliveries'],
    summary:
      'List deliveries of an endpoint, newest first (kept 30 days): status, attempts with time, latency, response code and the first 1 KiB of the response. `before` pages to older ones',
    params: EndpointIdParams,
    query: DeliveryListQuery,
    responses: { 200: DeliveryListResponse, 400: ErrorResponse, 403: ErrorResponse, 404: ErrorResponse },
  },
  async ({ principal, params, query, table }) => {
    const { tenant } = adminCallerOf(principal);
    await requireEndpoint(table, tenant.id, params.id);
    const page = await listDeliveries(table, {
      tenantId: tenant.id,
      endpointId: params.id,
      limit: query.limit,
      status: query.status,
      startKey: query.before ? keys.webhookDelivery(tenant.id, params.id, query.before) : undefined,
    });
    const lastSk = page.lastKey?.SK;
    const body: { data: ReturnType<typeof deliveryView>[]; nextBefore?: string } = { data: page.deliveries.map(deliveryView) };
    if (typeof lastSk === 'string') body.nextBefore = lastSk.slice(keys.webhookDeliveryPrefix.length);
    return { status: 200, body };
  },
);
