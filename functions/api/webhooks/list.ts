/** GET /webhooks: the tenant's webhook endpoints, oldest first; never their secrets. */
import { defineRoute } from '../../../shared/http/define-route.js';
import { adminCallerOf } from '../../../shared/caller/admin-caller.js';
import { listEndpoints } from '../../../shared/webhooks/endpoint-store.js';
import { endpointView } from '../../../shared/webhooks/webhook-endpoint.js';
import { EndpointListResponse, ErrorResponse } from './schemas.js';

export const handler = defineRoute(
  {
    routes: ['webhooks.list'],
    summary: 'List the tenant’s webhook endpoints (secrets are never shown again after creation or rotation)',
    responses: { 200: EndpointListResponse, 403: ErrorResponse },
  },
  async ({ principal, table }) => {
    const { tenant } = adminCallerOf(principal);
    return { status: 200, body: { data: (await listEndpoints(table, tenant.id)).map((e) => endpointView(e)) } };
  },
);
