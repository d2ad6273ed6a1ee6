/**
 * Setting a user's password in the tenant's Cognito pool. Cognito is called
 * before the DynamoDB transaction that records the change, so a Cognito failure
 * (503) leaves everything as it was and the same token or request can be retried.
 */
import { BadRequestError } from '../errors/app-error.js';
import { setDirectoryPassword } from '../identity/cognito-directory.js';
import type { Tenant } from '../tenants/tenant.js';
import type { User } from './user.js';

/** The Cognito username of a user who signs in with a password (their lower-cased email unless set). */
export function passwordUsernameOf(user: User): string {
  return user.cognitoUsername ?? (user.email ?? user.userName).toLowerCase();
}

export function requirePasswordPool(tenant: Tenant): string {
  if (!tenant.userPoolId) {
    throw new BadRequestError('user.no_password_sign_in', `Tenant ${tenant.id} has no password sign-in (no user pool); sign in through SSO`);
  }
  return tenant.userPoolId;
}

export async function setPassword(tenant: Tenant, user: User, password: string): Promise<void> {
  const poolId = requirePasswordPool(tenant);
  await setDirectoryPassword(poolId, passwordUsernameOf(user), user.email ?? user.userName, password);
}
