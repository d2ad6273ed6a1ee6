/**
 * Accepting an invite with its token: sets the password (or none, for a user
 * who will sign in through SSO), marks the invite accepted and spends the token,
 * all or nothing. A malformed, forged, used or expired token is a 400 and
 * changes nothing; so is a token whose user was deactivated or deleted. Of
 * parallel acceptances only the one holding the token's claim sets a password
 * (./redeem-action.ts); the others are told the token is in use (409) or used.
 *
 * The person may give their name while accepting, and it is stored only where
 * none is known and the tenant's mode lets people set their own (invite-only;
 * in SCIM and JIT modes the IdP owns names): anything else is refused before
 * the password is set, so a refused name changes nothing.
 */
import { BadRequestError, ConflictError, ForbiddenError } from '../errors/app-error.js';
import type { Table } from '../storage/table.js';
import { unusableToken } from '../tokens/action-token.js';
import { passwordUsernameOf, setPassword } from './password-sign-in.js';
import { displayNameFrom, hasName, namesSetBySelf, userNameOf, type GivenFamilyName } from './person-name.js';
import { redeemActionToken } from './redeem-action.js';
import type { User } from './user.js';

export async function acceptInvite(table: Table, input: { token: string; password?: string; name?: GivenFamilyName; requestId?: string }): Promise<User> {
  const { password } = input;
  const name = userNameOf(input.name);
  return redeemActionToken(table, { kind: 'invite', token: input.token, requestId: input.requestId }, async ({ user, tenant }) => {
    if (!user.active) throw new BadRequestError('invite.user_deactivated', 'This invite belongs to a deactivated user; ask an admin to reactivate them');
    if (user.inviteAccepted) throw unusableToken('invite', 'used');
    if (password === undefined && !tenant.sso) {
      throw new BadRequestError('invite.password_required', 'A password is required: this tenant has no SSO to sign in with', {
        details: [{ field: 'password', message: 'required' }],
      });
    }
    if (name && !namesSetBySelf(tenant)) {
      throw new ForbiddenError('invite.name_owned_by_idp', `Names in ${tenant.displayName} come from its identity provider; accept the invite without one`);
    }
    if (name && hasName(user)) throw new ConflictError('invite.name_already_set', 'This user already has a name; accept the invite without one');
    if (password !== undefined) await setPassword(table, tenant, user, password);
    return {
      apply: (current) => ({
        ...current,
        inviteAccepted: true,
        hasPassword: current.hasPassword || password !== undefined,
        ...(password !== undefined ? { cognitoUsername: passwordUsernameOf(user) } : {}),
        // Only while none is known: an admin may have named them since this request read the user.
        ...(name && !hasName(current) ? { name, displayName: displayNameFrom(name) } : {}),
        updatedAt: new Date().toISOString(),
      }),
      audit: { action: 'user.invite_accepted', details: { passwordSet: password !== undefined, ...(name ? { nameGiven: true } : {}) } },
    };
  });
}
