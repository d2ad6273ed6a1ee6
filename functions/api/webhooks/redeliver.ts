/** POST /webhooks/{id}/deliveries/{deliveryId}/redeliver: one more attempt at a settled delivery, with the same message id. */
import { defineRoute } from '../../../shared/http/define-route.js';
import { adminCallerOf } from '../../../shared/caller/admin-caller.js';
import { deliveryView } from '../../../shared/webhooks/delivery.js';
import { redeliver } from '../../../shared/webhooks/manual-delivery.js';
import { DeliveryParams, DeliveryResponse, ErrorResponse } from './schemas.js';

export const handler = defineRoute(
  {
    routes: ['webhooks.redeliver'],
    summary: 'Redeliver a delivered or failed delivery once, now, with its original webhook-id (receivers deduplicate by it)',
    params: DeliveryParams,
    responses: { 202: DeliveryResponse, 400: ErrorResponse, 403: ErrorResponse, 404: ErrorResponse, 409: ErrorResponse },
  },
  async ({ principal, params, table }) => {
    const { tenant } = adminCallerOf(principal);
    const queued = await redeliver(table, { tenantId: tenant.id, endpointId: params.id, deliveryId: params.deliveryId });
    return { status: 202, body: { data: deliveryView(queued) } };
  },
);
