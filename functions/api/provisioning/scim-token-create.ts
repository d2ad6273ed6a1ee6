/**
 * POST /api/svc/v1/provisioning/scim-token: a new SCIM token, shown once. The
 * previous token stops working now, or after `graceSeconds` (at most 24 h).
 */
import { defineRoute } from '../../../shared/http/define-route.js';
import { adminCallerOf } from '../../../shared/caller/admin-caller.js';
import { ScimTokenCreateBody, ScimTokenCreatedResponse } from '../../../shared/tenants/provisioning-schemas.js';
import { generateScimCredential } from '../../../shared/tenants/scim-credentials.js';

export const handler = defineRoute(
  {
    routes: ['scimToken.create'],
    summary: 'Generate a SCIM token (shown once); the previous one ends now or after a grace period',
    body: ScimTokenCreateBody,
    responses: { 201: ScimTokenCreatedResponse },
  },
  async ({ principal, body, table, requestId }) => {
    const { tenant, actor } = adminCallerOf(principal);
    const issued = await generateScimCredential(table, { tenantId: tenant.id, actor, graceSeconds: body?.graceSeconds, requestId });
    // The token is in this body only: no cache may keep it.
    return { status: 201, body: issued, headers: { 'cache-control': 'no-store', pragma: 'no-cache' } };
  },
);
