/** DELETE /webhooks/{id}: removes the endpoint; its pending deliveries stop. */
import { defineRoute } from '../../../shared/http/define-route.js';
import { adminCallerOf } from '../../../shared/caller/admin-caller.js';
import { deleteEndpoint } from '../../../shared/webhooks/endpoint-store.js';
import { MessageResponse } from '../users/schemas.js';
import { EndpointIdParams, ErrorResponse } from './schemas.js';

export const handler = defineRoute(
  {
    routes: ['webhooks.delete'],
    summary: 'Delete a webhook endpoint; deliveries still pending are dropped',
    params: EndpointIdParams,
    responses: { 200: MessageResponse, 400: ErrorResponse, 403: ErrorResponse, 404: ErrorResponse, 409: ErrorResponse },
  },
  async ({ principal, params, table, requestId }) => {
    const { tenant, actor } = adminCallerOf(principal);
    await deleteEndpoint(table, { tenantId: tenant.id, endpointId: params.id, actor, requestId });
    return { status: 200, body: { data: { message: 'Webhook endpoint deleted' } } };
  },
);
