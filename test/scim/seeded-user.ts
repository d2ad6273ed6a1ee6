/**
 * A SCIM-provisioned member as the service stores it, for tests that seed many
 * users straight into the table (no markers, no counter): reads cost the same
 * whatever wrote the items.
 */
import type { User } from '../../shared/users/user.js';

export const seededScimUser = (tenantId: string, id: string, now: string): User => ({
  tenantId,
  id,
  userName: `u-${id}`,
  emails: [],
  active: true,
  role: 'tenant-member',
  source: 'scim',
  inviteAccepted: true,
  hasPassword: false,
  createdAt: now,
  updatedAt: now,
  version: 1,
});
