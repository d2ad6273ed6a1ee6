/** POST /webhooks: registers an endpoint; the answer carries its signing secret, once. */
import { defineRoute } from '../../../shared/http/define-route.js';
import { adminCallerOf } from '../../../shared/caller/admin-caller.js';
import { createEndpoint } from '../../../shared/webhooks/endpoint-store.js';
import { CreateEndpointBody, EndpointWithSecretResponse, ErrorResponse } from './schemas.js';

export const handler = defineRoute(
  {
    routes: ['webhooks.create'],
    summary:
      'Register a webhook endpoint (Standard Webhooks): https URL, event types or ["*"], description. The signing secret (whsec_…) is in this response only',
    body: CreateEndpointBody,
    responses: { 201: EndpointWithSecretResponse, 400: ErrorResponse, 403: ErrorResponse, 409: ErrorResponse },
  },
  async ({ principal, body, table, requestId }) => {
    const { tenant, actor } = adminCallerOf(principal);
    const created = await createEndpoint(table, { ...body, tenantId: tenant.id, actor, requestId });
    return { status: 201, body: { data: created.endpoint, secret: created.secret }, headers: { 'cache-control': 'no-store', pragma: 'no-cache' } };
  },
);
