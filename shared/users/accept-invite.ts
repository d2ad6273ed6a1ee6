/**
 * Accepting an invite with its token: sets the password (or none, for a user
 * who will sign in through SSO), marks the invite accepted and spends the token,
 * all or nothing. A malformed, forged, used or expired token is a 400 and
 * changes nothing; so is a token whose user was deactivated or deleted. Of
 * parallel acceptances only the one holding the token's claim sets a password
 * (./redeem-action.ts); the others are told the token is in use (409) or used.
 */
import { BadRequestError } from '../errors/app-error.js';
import type { Table } from '../storage/table.js';
import { unusableToken } from '../tokens/action-token.js';
import { passwordUsernameOf, setPassword } from './password-sign-in.js';
import { redeemActionToken } from './redeem-action.js';
import type { User } from './user.js';

export async function acceptInvite(table: Table, input: { token: string; password?: string; requestId?: string }): Promise<User> {
  const { password } = input;
  return redeemActionToken(table, { kind: 'invite', token: input.token, requestId: input.requestId }, async ({ user, tenant }) => {
    if (!user.active) throw new BadRequestError('invite.user_deactivated', 'This invite belongs to a deactivated user; ask an admin to reactivate them');
    if (user.inviteAccepted) throw unusableToken('invite', 'used');
    if (password === undefined && !tenant.sso) {
      throw new BadRequestError('invite.password_required', 'A password is required: this tenant has no SSO to sign in with', {
        details: [{ field: 'password', message: 'required' }],
      });
    }
    if (password !== undefined) await setPassword(table, tenant, user, password);
    return {
      apply: (current) => ({
        ...current,
        inviteAccepted: true,
        hasPassword: current.hasPassword || password !== undefined,
        ...(password !== undefined ? { cognitoUsername: passwordUsernameOf(user) } : {}),
        updatedAt: new Date().toISOString(),
      }),
      audit: { action: 'user.invite_accepted', details: { passwordSet: password !== undefined } },
    };
  });
}
