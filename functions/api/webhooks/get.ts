/** GET /webhooks/{id}: one endpoint of the caller's tenant; 404 for any other. */
import { defineRoute } from '../../../shared/http/define-route.js';
import { adminCallerOf } from '../../../shared/caller/admin-caller.js';
import { requireEndpoint } from '../../../shared/webhooks/endpoint-store.js';
import { endpointView } from '../../../shared/webhooks/webhook-endpoint.js';
import { EndpointIdParams, EndpointResponse, ErrorResponse } from './schemas.js';

export const handler = defineRoute(
  {
    routes: ['webhooks.get'],
    summary: 'Get a webhook endpoint (without its secret)',
    params: EndpointIdParams,
    responses: { 200: EndpointResponse, 400: ErrorResponse, 403: ErrorResponse, 404: ErrorResponse },
  },
  async ({ principal, params, table }) => {
    const { tenant } = adminCallerOf(principal);
    return { status: 200, body: { data: endpointView(await requireEndpoint(table, tenant.id, params.id)) } };
  },
);
