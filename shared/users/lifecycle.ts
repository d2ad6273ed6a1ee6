/**
 * The side effects of a user's state change, added to the change's own
 * transaction so they happen exactly when the change does: the active-admin
 * counter (last-admin guard) and the identity-sync outbox item that makes
 * Cognito follow. Every path that changes a user (admin API, SCIM, sign-in
 * triggers) calls this, so no path can deactivate a user and forget Cognito.
 */
import { enqueueIdentitySync, type IdentityAction, type IdentitySyncRequest } from '../identity/identity-sync.js';
import type { Tenant } from '../tenants/tenant.js';
import type { Transaction } from '../storage/transaction.js';
import { addActiveAdminChange } from './admin-guard.js';
import type { User } from './user.js';

/** The Cognito actions that take `before` to `after` (undefined: the user does not exist). */
export function identityActionsOf(before: User | undefined, after: User | undefined): IdentityAction[] {
  if (before && !after) return ['delete'];
  // Federated users come into Cognito through their IdP at sign-in, never by AdminCreateUser.
  if (!before && after) return after.federatedId ? [] : after.active ? ['create'] : ['create', 'disable'];
  if (!before || !after) return [];
  if (before.active && !after.active) return ['disable', 'signOut'];
  if (!before.active && after.active) return ['enable'];
  return [];
}

/**
 * Adds the effects of `before` → `after` to `tx`:
 * - an active admin taken away decrements the active-admin counter under the
 *   condition that another remains (`user.last_admin`, 409, otherwise);
 * - `active` true → false: Cognito AdminDisableUser + AdminUserGlobalSignOut;
 *   false → true: AdminEnableUser; deletion: AdminDeleteUser; creation of a user
 *   that has a Cognito username: AdminCreateUser with no password and no mail.
 * Nothing goes to Cognito for a user without `cognitoUsername` or a tenant without a pool.
 * Returns the identity-sync requests it enqueued (callers may ignore them).
 */
export function addLifecycleEffects(tx: Transaction, tenant: Tenant, before: User | undefined, after: User | undefined): IdentitySyncRequest[] {
  addActiveAdminChange(tx, tenant.id, before, after);
  const subject = after ?? before;
  if (!subject?.cognitoUsername || !tenant.userPoolId) return [];
  // A user whose Cognito name changed: delete the old identity, create the new one.
  if (before?.cognitoUsername && after?.cognitoUsername && before.cognitoUsername !== after.cognitoUsername) {
    return [
      enqueue(tx, tenant.userPoolId, before, before.cognitoUsername, ['delete']),
      enqueue(tx, tenant.userPoolId, after, after.cognitoUsername, after.active ? ['create'] : ['create', 'disable']),
    ];
  }
  const actions = identityActionsOf(before, after);
  return actions.length ? [enqueue(tx, tenant.userPoolId, subject, subject.cognitoUsername, actions)] : [];
}

function enqueue(tx: Transaction, userPoolId: string, user: User, cognitoUsername: string, actions: IdentityAction[]): IdentitySyncRequest {
  return enqueueIdentitySync(tx, {
    tenantId: user.tenantId,
    userId: user.id,
    userPoolId,
    cognitoUsername,
    email: user.email,
    actions,
  });
}
