/**
 * The local stack's demo tenants: one of each provisioning style a developer
 * tries first (an IdP pushing users over SCIM, and admins inviting people).
 * Written in the deployment's tenant-config format and validated by it.
 */
import { parseTenantConfig } from '../tenant-config.js';

export const DEMO_TENANTS = parseTenantConfig([
  { id: 'acme', displayName: 'Acme Corp', mode: 'scim', adminEmails: ['admin@acme.example'] },
  { id: 'globex', displayName: 'Globex', mode: 'invite-only', adminEmails: ['admin@globex.example'] },
]);
