/**
 * The admin API's user object (TrueFoundry's shape) and its zod schema, used for
 * the response check and the OpenAPI document.
 */
import * as z from '../validation/zod.js';
import type { Tenant } from '../tenants/tenant.js';
import type { User } from './user.js';

export const UserView = z.object({
  id: z.string(),
  email: z.string(),
  tenantName: z.string(),
  roles: z.array(z.enum(['tenant-admin', 'tenant-member'])).check(z.length(1)),
  active: z.boolean(),
  createdAt: z.string(),
  updatedAt: z.string(),
  lastAccessedAt: z.optional(z.string()),
  metadata: z.object({
    userName: z.string(),
    displayName: z.optional(z.string()),
    inviteAccepted: z.boolean(),
    createdByScim: z.boolean(),
    source: z.enum(['scim', 'jit', 'invite', 'seed']),
    ssoName: z.optional(z.string()),
    externalId: z.optional(z.string()),
    hasPassword: z.boolean(),
  }),
});
export type UserView = z.infer<typeof UserView>;

export function toUserView(user: User, tenant: Pick<Tenant, 'id'>): UserView {
  return {
    id: user.id,
    email: user.email ?? user.userName,
    tenantName: tenant.id,
    roles: [user.role],
    active: user.active,
    createdAt: user.createdAt,
    updatedAt: user.updatedAt,
    ...(user.lastAccessedAt ? { lastAccessedAt: user.lastAccessedAt } : {}),
    metadata: {
      userName: user.userName,
      ...(user.displayName ? { displayName: user.displayName } : {}),
      inviteAccepted: user.inviteAccepted,
      createdByScim: user.source === 'scim',
      source: user.source,
      ...(user.ssoName ? { ssoName: user.ssoName } : {}),
      ...(user.externalId ? { externalId: user.externalId } : {}),
      hasPassword: user.hasPassword,
    },
  };
}
