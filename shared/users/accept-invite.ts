/**
 * Accepting an invite with its token: sets the password (or none, for a user
 * who will sign in through SSO), marks the invite accepted and spends the token,
 * all or nothing. A malformed, forged, used or expired token is a 400 and
 * changes nothing; so is a token whose user was deactivated or deleted.
 */
import { BadRequestError } from '../errors/app-error.js';
import type { Table } from '../storage/table.js';
import { readActionToken } from './action-record.js';
import { unusableToken } from './action-token.js';
import { passwordUsernameOf, setPassword } from './password-sign-in.js';
import { commitRedemption, subjectOf } from './redeem-action.js';
import type { User } from './user.js';

export async function acceptInvite(table: Table, input: { token: string; password?: string; requestId?: string }): Promise<User> {
  const record = await readActionToken(table, 'invite', input.token);
  const { user, tenant } = await subjectOf(table, record);
  if (!user.active) throw new BadRequestError('invite.user_deactivated', 'This invite belongs to a deactivated user; ask an admin to reactivate them');
  if (user.inviteAccepted) throw unusableToken('invite', 'used');
  if (input.password === undefined && !tenant.sso) {
    throw new BadRequestError('invite.password_required', 'A password is required: this tenant has no SSO to sign in with', {
      details: [{ field: 'password', message: 'required' }],
    });
  }
  if (input.password !== undefined) await setPassword(tenant, user, input.password);

  const after: User = {
    ...user,
    inviteAccepted: true,
    hasPassword: user.hasPassword || input.password !== undefined,
    ...(input.password !== undefined ? { cognitoUsername: passwordUsernameOf(user) } : {}),
    updatedAt: new Date().toISOString(),
  };
  return commitRedemption(table, record, user, after, {
    action: 'user.invite_accepted',
    requestId: input.requestId,
    details: { passwordSet: input.password !== undefined },
  });
}
