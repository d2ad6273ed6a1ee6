/** POST /webhooks/{id}/rotate-secret: a new signing secret, shown once; the previous one signs too until the overlap ends. */
import { defineRoute } from '../../../shared/http/define-route.js';
import { adminCallerOf } from '../../../shared/caller/admin-caller.js';
import { rotateSecret } from '../../../shared/webhooks/endpoint-store.js';
import { EndpointIdParams, EndpointWithSecretResponse, ErrorResponse, RotateSecretBody } from './schemas.js';

export const handler = defineRoute(
  {
    routes: ['webhooks.rotateSecret'],
    summary:
      'Rotate the signing secret (shown once). Until overlapSeconds pass (default a day, at most a week), messages carry both signatures in webhook-signature',
    params: EndpointIdParams,
    body: RotateSecretBody,
    responses: { 200: EndpointWithSecretResponse, 400: ErrorResponse, 403: ErrorResponse, 404: ErrorResponse, 409: ErrorResponse },
  },
  async ({ principal, params, body, table, requestId }) => {
    const { tenant, actor } = adminCallerOf(principal);
    const rotated = await rotateSecret(table, { tenantId: tenant.id, endpointId: params.id, overlapSeconds: body?.overlapSeconds, actor, requestId });
    return { status: 200, body: { data: rotated.endpoint, secret: rotated.secret }, headers: { 'cache-control': 'no-store', pragma: 'no-cache' } };
  },
);
