/**
 * When a federated identity may be linked to an existing user because their
 * emails match. An email is what the IdP (or a SCIM client) says, not who the
 * person is, so a match is only a candidate:
 *
 * - the IdP must assert the email verified (`email_verified`), unless the
 *   tenant's admins said its IdP's emails are the tenant's own (`trustIdpEmails`);
 * - never onto a tenant admin or a user who signs in with a password: their
 *   account is worth more than the IdP's word about an address, and taking it
 *   over by email would hand a role to whoever controls the IdP's directory;
 * - never onto a user already bound to another identity.
 *
 * Identities already bound (the federated marker) are not matched by email at
 * all and never reach this rule.
 */
import type { Tenant } from '../tenants/tenant.js';
import { isAdmin, type User } from '../users/user.js';
import type { SignInIdentity } from './sign-in-identity.js';
import type { RefusalReason } from './sign-in-refusal.js';

/**
 * Whether the tenant may take the IdP's word for `identity`'s email: the IdP
 * asserted it verified, or the tenant's admins trust their IdP's emails. Only
 * such an email may claim an address in the tenant (a JIT user's login email),
 * since every lookup by email (role grants, team manifests, invites) trusts it.
 */
export const vouchedEmail = (tenant: Pick<Tenant, 'trustIdpEmails'>, identity: Pick<SignInIdentity, 'emailVerified'>): boolean =>
  identity.emailVerified === true || tenant.trustIdpEmails === true;

/** Why `identity` may not be linked to `user` by email, or undefined when it may. */
export function emailLinkRefusal(
  tenant: Pick<Tenant, 'trustIdpEmails'>,
  identity: Pick<SignInIdentity, 'emailVerified'>,
  user: User,
): RefusalReason | undefined {
  if (user.federatedId) return 'identity_conflict';
  if (!vouchedEmail(tenant, identity)) return 'email_unverified';
  if (isAdmin(user) || user.hasPassword) return 'link_not_allowed';
  return undefined;
}
