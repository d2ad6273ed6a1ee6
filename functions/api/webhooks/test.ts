/** POST /webhooks/{id}/test: sends a `webhook.test` event now (one attempt; see the delivery log for its outcome). */
import { defineRoute } from '../../../shared/http/define-route.js';
import { adminCallerOf } from '../../../shared/caller/admin-caller.js';
import { deliveryView } from '../../../shared/webhooks/delivery.js';
import { sendTestEvent } from '../../../shared/webhooks/manual-delivery.js';
import { DeliveryResponse, EndpointIdParams, ErrorResponse } from './schemas.js';

export const handler = defineRoute(
  {
    routes: ['webhooks.test'],
    summary: 'Send a webhook.test event to the endpoint (also when it is turned off); the delivery is attempted once, at once',
    params: EndpointIdParams,
    responses: { 202: DeliveryResponse, 400: ErrorResponse, 403: ErrorResponse, 404: ErrorResponse },
  },
  async ({ principal, params, table }) => {
    const { tenant } = adminCallerOf(principal);
    return { status: 202, body: { data: deliveryView(await sendTestEvent(table, { tenantId: tenant.id, endpointId: params.id })) } };
  },
);
