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

/** Why `identity` may not be linked to `user` by email, or undefined when it may. */
export function emailLinkRefusal(
  tenant: Pick<Tenant, 'trustIdpEmails'>,
  identity: Pick<SignInIdentity, 'emailVerified'>,
  user: User,
): RefusalReason | undefined {
  if (user.federatedId) return 'identity_conflict';
  if (!identity.emailVerified && tenant.trustIdpEmails !== true) return 'email_unverified';
  if (isAdmin(user) || user.hasPassword) return 'link_not_allowed';
  return undefined;
}
