/** PATCH /webhooks/{id}: changes url, event types, description or enabled. */
import { defineRoute } from '../../../shared/http/define-route.js';
import { adminCallerOf } from '../../../shared/caller/admin-caller.js';
import { updateEndpoint } from '../../../shared/webhooks/endpoint-store.js';
import { EndpointIdParams, EndpointResponse, ErrorResponse, UpdateEndpointBody } from './schemas.js';

export const handler = defineRoute(
  {
    routes: ['webhooks.update'],
    summary: 'Change a webhook endpoint; enabling it again clears why it was turned off',
    params: EndpointIdParams,
    body: UpdateEndpointBody,
    responses: { 200: EndpointResponse, 400: ErrorResponse, 403: ErrorResponse, 404: ErrorResponse, 409: ErrorResponse },
  },
  async ({ principal, params, body, table, requestId }) => {
    const { tenant, actor } = adminCallerOf(principal);
    const data = await updateEndpoint(table, { tenantId: tenant.id, endpointId: params.id, patch: body, actor, requestId });
    return { status: 200, body: { data } };
  },
);
