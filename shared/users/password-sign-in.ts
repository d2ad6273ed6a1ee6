/**
 * Setting a user's password in the tenant's Cognito pool. Cognito is called
 * before the DynamoDB transaction that records the change, so a Cognito failure
 * (503) leaves everything as it was (but for the account claim below, which
 * binds nobody until the user records the account) and the same token or
 * request can be retried.
 */
import { isConditionalCheckFailed } from '../storage/aws-errors.js';
import { BadRequestError, ConflictError } from '../errors/app-error.js';
import { setDirectoryPassword } from '../identity/cognito-directory.js';
import { keys } from '../storage/keys.js';
import type { Table } from '../storage/table.js';
import type { Tenant } from '../tenants/tenant.js';
import { UserRepository } from './user-repository.js';
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

export async function setPassword(table: Table, tenant: Tenant, user: User, password: string): Promise<void> {
  const poolId = requirePasswordPool(tenant);
  const username = passwordUsernameOf(user);
  // A user with no recorded account takes the one named by their email: that name may be another user's account, so it is claimed before Cognito sets anything on it.
  if (!user.cognitoUsername) await claimCognitoAccount(table, user, username);
  await setDirectoryPassword(poolId, username, user.email ?? user.userName, password);
}

const accountTaken = (username: string) =>
  new ConflictError('user.cognito_account_taken', `The sign-in account "${username}" belongs to another user of this tenant; ask an admin`);

/**
 * Writes the account's marker for `user` (the user update that records
 * `cognitoUsername` keeps it). A marker left by a user who was deleted, or who
 * never recorded that account (a claim whose password was not set), is taken over.
 */
async function claimCognitoAccount(table: Table, user: User, username: string): Promise<void> {
  const key = keys.cognitoAccount(user.tenantId, username);
  const claim = (condition: string, values: Record<string, string>) =>
    table.put({ Item: { ...key, entity: 'unique', userId: user.id }, ConditionExpression: condition, ExpressionAttributeValues: values });
  try {
    await claim('attribute_not_exists(PK) OR userId = :me', { ':me': user.id });
    return;
  } catch (error) {
    if (!isConditionalCheckFailed(error)) throw error;
  }
  const holder = (await table.get<{ userId: string }>(key))?.userId;
  const holderUser = holder ? await new UserRepository(table).get(user.tenantId, holder) : undefined;
  if (!holder || holderUser?.cognitoUsername?.toLowerCase() === username.toLowerCase()) throw accountTaken(username);
  try {
    await claim('userId = :stale', { ':stale': holder });
  } catch (error) {
    if (isConditionalCheckFailed(error)) throw accountTaken(username);
    throw error;
  }
}
