/** A user as the API shows it, with the metadata and activity a test overrides. */
import type { User } from '../../../console/src/api/types.js';

export function user(overrides: Partial<User['metadata']> & { active?: boolean } = {}): User {
  const { active = true, ...metadata } = overrides;
  return {
    id: 'u1',
    email: 'a@example.com',
    tenantName: 'globex',
    roles: ['tenant-member'],
    active,
    isEditable: true,
    createdAt: '2026-01-01T00:00:00Z',
    updatedAt: '2026-01-01T00:00:00Z',
    metadata: {
      userName: 'a@example.com',
      inviteAccepted: true,
      createdByScim: false,
      registeredInIdp: false,
      source: 'invite',
      hasPassword: true,
      ...metadata,
    },
  };
}
