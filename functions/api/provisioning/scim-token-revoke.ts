/** DELETE /api/svc/v1/provisioning/scim-token: revoke every SCIM token of the tenant, grace periods included. */
import { defineRoute } from '../../../shared/http/define-route.js';
import { adminCallerOf } from '../../../shared/caller/admin-caller.js';
import { revokeScimCredentials } from '../../../shared/tenants/scim-credentials.js';

export const handler = defineRoute(
  {
    routes: ['scimToken.revoke'],
    summary: 'Revoke the SCIM token (and any in a grace period); SCIM requests fail from now on',
  },
  async ({ principal, table, requestId }) => {
    const { tenant, actor } = adminCallerOf(principal);
    await revokeScimCredentials(table, { tenantId: tenant.id, actor, requestId });
    return { status: 204 };
  },
);
