/** GET /api/svc/v1/provisioning/health: SCIM traffic of the last 7 days, the latest SCIM errors, and the SSO provider's last sign-ins. */
import { defineRoute } from '../../../shared/http/define-route.js';
import { adminCallerOf } from '../../../shared/caller/admin-caller.js';
import { ProvisioningHealthResponse, readProvisioningHealth } from '../../../shared/health/provisioning-health.js';

export const handler = defineRoute(
  {
    routes: ['provisioning.health'],
    summary: "The tenant's provisioning health: SCIM requests and errors per hour over 7 days, the latest SCIM errors, and SSO sign-ins",
    responses: { 200: ProvisioningHealthResponse },
  },
  async ({ principal, table }) => ({ status: 200, body: await readProvisioningHealth(table, adminCallerOf(principal).tenant) }),
);
