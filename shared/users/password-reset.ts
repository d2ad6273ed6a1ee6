/**
 * Admin- or self-initiated password resets: a single-use reset record (1 hour)
 * and its mail are written in one transaction; the mail carries a link with the
 * derived token. Only users who sign in with a password can reset one. A member
 * asking for anyone but themselves gets the same answer as a success and nothing
 * happens, so the endpoint does not tell members which emails exist. The link's
 * client URL must be on an origin the tenant allows, checked first for everyone
 * (../tenants/link-origins.ts).
 */
import { userState } from '../events/event-state.js';
import { recordAudit, type Actor } from '../audit/audit-event.js';
import { BadRequestError } from '../errors/app-error.js';
import { enqueueActionMail } from './action-mail.js';
import type { Table } from '../storage/table.js';
import { Transaction } from '../storage/transaction.js';
import { requireLinkTarget } from '../tenants/link-origins.js';
import type { Tenant } from '../tenants/tenant.js';
import { addActionRecord } from './action-record.js';
import { passwordUsernameOf, requirePasswordPool, setPassword } from './password-sign-in.js';
import { requireUserByEmail } from './user-lookup.js';
import { redeemActionToken } from './redeem-action.js';
import { isAdmin, linkGenerationOf, type User } from './user.js';

export async function requestPasswordReset(
  table: Table,
  input: { tenant: Tenant; caller: User; email: string; clientUrl: string; actor: Actor; requestId?: string },
): Promise<{ requested: boolean }> {
  const clientUrl = requireLinkTarget(input.tenant, input.clientUrl, 'resetPasswordClientUrl');
  const self = input.caller.email?.toLowerCase() === input.email.trim().toLowerCase();
  if (!isAdmin(input.caller) && !self) return { requested: false };
  requirePasswordPool(input.tenant);
  const user = await requireUserByEmail(table, input.tenant.id, input.email);
  if (!user.active) throw new BadRequestError('user.deactivated', `User ${input.email} is deactivated; reactivate them first`);
  if (!user.hasPassword && user.inviteAccepted) {
    throw new BadRequestError(
      'user.sso_only',
      `User ${input.email} signs in through SSO${user.ssoName ? ` (${user.ssoName})` : ''} and has no password to reset`,
    );
  }
  const tx = new Transaction(table);
  const { record } = addActionRecord(tx, 'reset', input.tenant.id, user.id, new Date(), { generation: linkGenerationOf(user) });
  const mail = enqueueActionMail(tx, { tenant: input.tenant, to: user.email ?? user.userName, record, clientUrl });
  recordAudit(tx, {
    tenantId: input.tenant.id,
    actor: input.actor,
    action: 'user.password_reset_requested',
    target: { type: 'user', id: user.id, slug: user.email ?? user.userName },
    requestId: input.requestId,
    details: { mailId: mail.id, expiresAt: record.expiresAt },
    data: { user: userState(user) },
    sequence: user.version,
  });
  await tx.commit();
  return { requested: true };
}

/** Sets a new password with a reset token; of parallel resets only the claim holder's password is set. */
export async function resetPassword(table: Table, input: { token: string; newPassword: string; requestId?: string }): Promise<void> {
  await redeemActionToken(table, { kind: 'reset', token: input.token, requestId: input.requestId }, async ({ user, tenant }) => {
    if (!user.active) throw new BadRequestError('user.deactivated', 'This account is deactivated; its password cannot be reset');
    await setPassword(table, tenant, user, input.newPassword);
    return {
      apply: (current) => ({
        ...current,
        hasPassword: true,
        inviteAccepted: true,
        cognitoUsername: passwordUsernameOf(user),
        updatedAt: new Date().toISOString(),
      }),
      audit: { action: 'user.password_reset' as const },
    };
  });
}
