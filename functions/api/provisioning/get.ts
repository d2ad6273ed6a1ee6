/** GET /api/svc/v1/provisioning: the tenant's mode, SSO enforcement, SCIM URL and the capability matrix. */
import { defineRoute } from '../../../shared/http/define-route.js';
import { adminCallerOf } from '../../../shared/caller/admin-caller.js';
import { provisioningSettingsView } from '../../../shared/tenants/provisioning-settings.js';
import { ProvisioningSettingsResponse } from '../../../shared/tenants/provisioning-schemas.js';
import { settingsEtag } from '../../../shared/tenants/settings-etag.js';

export const handler = defineRoute(
  {
    routes: ['provisioning.get'],
    summary: 'Read the provisioning settings and the capability matrix of every mode',
    responses: { 200: ProvisioningSettingsResponse },
  },
  async ({ principal }) => {
    const { tenant } = adminCallerOf(principal);
    return { status: 200, body: provisioningSettingsView(tenant), headers: { etag: settingsEtag(tenant.version) } };
  },
);
