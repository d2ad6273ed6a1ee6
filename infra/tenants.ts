/**
 * The tenants this deployment serves. Validated against `tenant-config.ts` at
 * synth; add a tenant here and deploy. Empty in the repository: each deployment
 * keeps its own list (the local stack seeds its demo tenants separately).
 * `tenants.example.ts` shows an Entra (SAML), an Okta (OIDC) and a password-only
 * tenant; docs/tenants.md lists every field and how to remove a tenant.
 */
import { defineTenants } from './tenant-config.js';

export const tenants = defineTenants([
  // { id: 'acme', displayName: 'Acme Corp', mode: 'scim', adminEmails: ['it@acme.example'] },
]);
