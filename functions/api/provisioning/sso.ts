/** GET /api/svc/v1/provisioning/sso: the SSO configuration with secrets redacted, and `ssoEnforced`. */
import { defineRoute } from '../../../shared/http/define-route.js';
import { adminCallerOf } from '../../../shared/caller/admin-caller.js';
import { SsoSettingsResponse } from '../../../shared/tenants/provisioning-schemas.js';
import { ssoSettingsView } from '../../../shared/tenants/sso-view.js';

export const handler = defineRoute(
  {
    routes: ['provisioning.sso'],
    summary: 'Read the SSO configuration (secrets redacted) and whether SSO is enforced',
    responses: { 200: SsoSettingsResponse },
  },
  async ({ principal }) => ({ status: 200, body: ssoSettingsView(adminCallerOf(principal).tenant) }),
);
