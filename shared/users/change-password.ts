/**
 * A signed-in user changing their own password: the old one is checked against
 * Cognito (ADMIN_USER_PASSWORD_AUTH on the tenant's app client), then replaced.
 * Only one's own password: `loginId` must be the caller's login email.
 */
import { BadRequestError, ForbiddenError, NotFoundError } from '../errors/app-error.js';
import { checkDirectoryPassword } from '../identity/cognito-directory.js';
import type { Table } from '../storage/table.js';
import type { Tenant } from '../tenants/tenant.js';
import { passwordUsernameOf, requirePasswordPool, setPassword } from './password-sign-in.js';
import { recordPasswordSet } from './record-password-set.js';
import type { User } from './user.js';

export async function changePassword(
  table: Table,
  input: { tenant: Tenant; caller: User; loginId: string; oldPassword: string; newPassword: string; requestId?: string },
): Promise<void> {
  const { tenant, caller } = input;
  if ((caller.email ?? caller.userName).toLowerCase() !== input.loginId.trim().toLowerCase()) {
    throw new ForbiddenError('user.change_password_self_only', 'You can change only your own password (loginId must be your email)');
  }
  const poolId = requirePasswordPool(tenant);
  if (!tenant.appClientId) throw new BadRequestError('user.no_password_sign_in', `Tenant ${tenant.id} has no app client for password sign-in`);
  if (!caller.hasPassword) throw new BadRequestError('user.sso_only', 'You sign in through SSO and have no password to change');
  if (input.oldPassword === input.newPassword) {
    throw new BadRequestError('user.password_unchanged', 'The new password must differ from the old one', {
      details: [{ field: 'newPassword', message: 'same as oldPassword' }],
    });
  }
  const ok = await checkDirectoryPassword(poolId, tenant.appClientId, passwordUsernameOf(caller), input.oldPassword);
  if (!ok) {
    throw new BadRequestError('user.old_password_incorrect', 'The old password is incorrect', {
      details: [{ field: 'oldPassword', message: 'incorrect' }],
    });
  }
  await setPassword(table, tenant, caller, input.newPassword);
  await recordPasswordSet(table, caller, {
    apply: (user) => ({ ...user, updatedAt: new Date().toISOString() }),
    audit: { action: 'user.password_changed' },
    gone: () => new NotFoundError('user.not_found', `User ${caller.id} no longer exists`),
    requestId: input.requestId,
  });
}
