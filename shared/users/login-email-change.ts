/**
 * What a change of a user's login email by a SCIM client means. The login
 * email is what an IdP identity is linked by and what mail (invites, resets)
 * is sent to, so whoever rewrites it can try to make someone else's identity
 * land on the account. A SCIM client is trusted with the tenant's members, not
 * with who they are once signed in; hence:
 *
 * - the login email of a tenant admin cannot be changed by SCIM (403): the
 *   admin changes it themselves, or another admin does, through the admin API;
 * - any other user whose login email changes loses their federated identity
 *   (the identity was linked for the old address: the next SSO sign-in links
 *   afresh under the link rules of shared/signin/link-policy.ts), and every
 *   session they hold ends (tokens issued before now are refused by the API,
 *   and Cognito signs the account out through the identity-sync outbox);
 * - the change is audited as `user.login_email_changed`, with what was undone.
 *
 * A change of case only is no change: login emails compare case-insensitively.
 */
import { userState } from '../events/event-state.js';
import { recordAudit, type Actor } from '../audit/audit-event.js';
import { ConflictError, ForbiddenError } from '../errors/app-error.js';
import { enqueueIdentitySync } from '../identity/identity-sync.js';
import { keys } from '../storage/keys.js';
import type { Transaction } from '../storage/transaction.js';
import type { Tenant } from '../tenants/tenant.js';
import { isAdmin, type User } from './user.js';

export class AdminLoginEmailLockedError extends ForbiddenError {
  constructor(userId: string) {
    super(
      'user.admin_email_locked',
      `User ${userId} is a tenant admin: their login email signs in with the tenant's highest role, so a SCIM client may not change it. ` +
        'An admin changes it through the admin API, or demotes the user first.',
    );
  }
}

export const loginEmailChanged = (before: Pick<User, 'email'>, after: Pick<User, 'email'>): boolean =>
  (before.email ?? '').toLowerCase() !== (after.email ?? '').toLowerCase();

/**
 * The user a SCIM change makes of `before`: `after` itself when the login email
 * stays, else `after` unlinked from its IdP identity with its sessions revoked
 * as of `now`. Throws {@link AdminLoginEmailLockedError} for a tenant admin.
 */
export function applyScimLoginEmailChange(before: User, after: User, now: string): User {
  if (!loginEmailChanged(before, after)) return after;
  if (isAdmin(before)) throw new AdminLoginEmailLockedError(before.id);
  const { federatedId: _federatedId, ssoName: _ssoName, ...unlinked } = after;
  return { ...unlinked, sessionsRevokedAt: now };
}

/**
 * Adds to `tx` what a login email change by SCIM undoes outside the user item:
 * the federated identity's marker (only if it is still this user's), the
 * Cognito sign-out of the user's pool account, and the audit event.
 */
export function addScimLoginEmailChangeEffects(
  tx: Transaction,
  tenant: Tenant,
  before: User,
  after: User,
  context: { actor: Actor; requestId?: string },
): void {
  if (!loginEmailChanged(before, after)) return;
  if (before.federatedId) {
    tx.delete(keys.federatedIdentity(tenant.id, before.federatedId), {
      condition: 'attribute_not_exists(PK) OR userId = :self',
      values: { ':self': before.id },
      onConditionFailed: () => new ConflictError('user.identity_bound_elsewhere', `The identity of user ${before.id} is bound to another user`),
    });
  }
  const signedOut = Boolean(tenant.userPoolId && before.cognitoUsername);
  if (signedOut) {
    enqueueIdentitySync(tx, {
      tenantId: tenant.id,
      userId: before.id,
      userPoolId: tenant.userPoolId!,
      cognitoUsername: before.cognitoUsername!,
      actions: ['signOut'],
    });
  }
  recordAudit(tx, {
    tenantId: tenant.id,
    actor: context.actor,
    action: 'user.login_email_changed',
    target: { type: 'user', id: before.id, slug: after.email ?? after.userName },
    requestId: context.requestId,
    changes: { before: { email: before.email }, after: { email: after.email } },
    details: {
      via: 'scim',
      sessionsRevoked: true,
      ...(before.federatedId ? { unlinkedIdentity: before.federatedId, provider: before.ssoName } : {}),
      cognitoSignOut: signedOut,
    },
    data: { user: userState(after) },
    sequence: before.version + 1,
  });
}
