/**
 * The admin API's user object (TrueFoundry's `User`) and its zod schema, used for
 * the response check and the OpenAPI document. `isEditable` and the metadata
 * flags are required or optional exactly where TrueFoundry's SDK reads them.
 */
import * as z from '../validation/zod.js';
import type { Tenant } from '../tenants/tenant.js';
import { isAdmin, type User } from './user.js';

/** Builds the user object's schema: the session view extends it. */
export const userViewSchema = () =>
  z.object({
    id: z.string(),
    email: z.string(),
    tenantName: z.string(),
    roles: z.array(z.enum(['tenant-admin', 'tenant-member'])).check(z.length(1)),
    active: z.boolean(),
    /** Whether the caller may change this user (role, activation, deletion): tenant admins only. */
    isEditable: z.boolean(),
    createdAt: z.string(),
    updatedAt: z.string(),
    lastAccessedAt: z.optional(z.string()),
    metadata: z.object({
      userName: z.string(),
      displayName: z.optional(z.string()),
      inviteAccepted: z.boolean(),
      createdByScim: z.boolean(),
      /**
       * Whether the person came from the tenant's IdP (SCIM or an SSO sign-in). An
       * admin may invite people who are not in the IdP in every mode; they are false.
       */
      registeredInIdp: z.boolean(),
      source: z.enum(['scim', 'jit', 'invite', 'seed']),
      ssoName: z.optional(z.string()),
      externalId: z.optional(z.string()),
      hasPassword: z.boolean(),
    }),
  });
export const UserView = z.lazySchema(userViewSchema);
export type UserView = z.infer<typeof UserView>;

/** `viewer` is the caller the view is for: what they may do with the user is part of it. */
export function toUserView(user: User, tenant: Pick<Tenant, 'id'>, viewer: Pick<User, 'role'>): UserView {
  return {
    id: user.id,
    email: user.email ?? user.userName,
    tenantName: tenant.id,
    roles: [user.role],
    active: user.active,
    isEditable: isAdmin(viewer),
    createdAt: user.createdAt,
    updatedAt: user.updatedAt,
    ...(user.lastAccessedAt ? { lastAccessedAt: user.lastAccessedAt } : {}),
    metadata: {
      userName: user.userName,
      ...(user.displayName ? { displayName: user.displayName } : {}),
      inviteAccepted: user.inviteAccepted,
      createdByScim: user.source === 'scim',
      registeredInIdp: user.source === 'scim' || user.source === 'jit',
      source: user.source,
      ...(user.ssoName ? { ssoName: user.ssoName } : {}),
      ...(user.externalId ? { externalId: user.externalId } : {}),
      hasPassword: user.hasPassword,
    },
  };
}
