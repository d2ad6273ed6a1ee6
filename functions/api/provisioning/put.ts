/** PUT /api/svc/v1/provisioning: switch the mode (exactly one) and SSO enforcement; effective on the next request. */
import { defineRoute } from '../../../shared/http/define-route.js';
import { adminCallerOf } from '../../../shared/caller/admin-caller.js';
import { ProvisioningSettingsChange, provisioningSettingsView, updateProvisioningSettings } from '../../../shared/tenants/provisioning-settings.js';
import { ProvisioningSettingsResponse } from '../../../shared/tenants/provisioning-schemas.js';
import { settingsEtag, versionFromIfMatch } from '../../../shared/tenants/settings-etag.js';

export const handler = defineRoute(
  {
    routes: ['provisioning.put'],
    summary: 'Change the provisioning mode, SSO enforcement, break-glass accounts and the origins invite and reset links may point to (linkOrigins)',
    body: ProvisioningSettingsChange,
    responses: { 200: ProvisioningSettingsResponse },
  },
  async ({ principal, body, headers, table, requestId }) => {
    const { tenant, actor } = adminCallerOf(principal);
    const updated = await updateProvisioningSettings(table, {
      tenantId: tenant.id,
      change: body,
      actor,
      requestId,
      expectedVersion: versionFromIfMatch(headers['if-match']),
    });
    return { status: 200, body: provisioningSettingsView(updated), headers: { etag: settingsEtag(updated.version) } };
  },
);
