/** GET /api/svc/v1/provisioning/scim-token: metadata of the tenant's SCIM tokens (never the token). */
import { defineRoute } from '../../../shared/http/define-route.js';
import { adminCallerOf } from '../../../shared/caller/admin-caller.js';
import { scimBaseUrl } from '../../../shared/config/public-urls.js';
import { ScimTokenListResponse } from '../../../shared/tenants/provisioning-schemas.js';
import { listScimCredentials } from '../../../shared/tenants/scim-credentials.js';

export const handler = defineRoute(
  {
    routes: ['scimToken.get'],
    summary: 'List the SCIM tokens that still work: prefix, last four, created, last used, grace end',
    responses: { 200: ScimTokenListResponse },
  },
  async ({ principal, table }) => {
    const { tenant } = adminCallerOf(principal);
    return {
      status: 200,
      body: { tokens: await listScimCredentials(table, tenant.id), scimUrl: scimBaseUrl(tenant.id), scimEnabled: tenant.mode === 'scim' },
    };
  },
);
