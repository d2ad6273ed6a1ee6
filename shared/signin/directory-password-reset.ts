/**
 * A password reset done in the directory itself (Cognito's own "Forgot your
 * password?" on the hosted sign-in page, confirmed with the code Cognito
 * mailed). The password is already set when the trigger runs; what is ours to
 * do is what every password set does: record it on the user with its audit
 * event, which ends every link this service mailed before it.
 */
import { NotFoundError } from '../errors/app-error.js';
import type { Table } from '../storage/table.js';
import type { Tenant } from '../tenants/tenant.js';
import { recordPasswordSet } from '../users/record-password-set.js';
import { UserRepository } from '../users/user-repository.js';
import { userOfCognitoAccount } from './cognito-account.js';

export async function recordDirectoryPasswordReset(table: Table, tenant: Tenant, cognitoUsername: string): Promise<void> {
  const { user } = await userOfCognitoAccount(table, new UserRepository(table), tenant.id, cognitoUsername);
  // An account bound to no user of ours signs in as nobody; there is nothing of ours to record.
  if (!user) return;
  await recordPasswordSet(table, user, {
    apply: (current) => ({ ...current, updatedAt: new Date().toISOString() }),
    audit: { action: 'user.password_reset', details: { via: 'directory' } },
    // Said to the person who just reset: no internal id.
    gone: () => new NotFoundError('user.not_found', 'This account no longer exists'),
  });
}
