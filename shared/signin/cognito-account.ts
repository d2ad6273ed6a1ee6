/**
 * Which user a password account of the tenant's user pool signs in as.
 *
 * The answer is the account's Cognito username, the one fact of a sign-in that
 * nobody can rewrite: the service chose it when it created the pool user
 * (`cognitoUsername` on the user), Cognito never lets it change, and self
 * sign-up is off. The `email` attribute is no evidence at all: a person can
 * set their own with UpdateUserAttributes and an access token.
 *
 * The binding is a marker item (`keys.cognitoAccount`) written with the user's
 * `cognitoUsername` (user-repository.ts). Users written before the marker
 * existed get it on their first sign-in (a lazy upgrade): the candidates are
 * the users whose userName or email is the account's username (how the
 * service names pool users: the lower-cased email at creation), and exactly
 * one of them must carry that `cognitoUsername`. The username cannot be chosen
 * by whoever signs in, so the first bind cannot be steered; two users claiming
 * one account (possible in old data) are refused rather than guessed between.
 */
import { ConflictError } from '../errors/app-error.js';
import { keys } from '../storage/keys.js';
import type { Table } from '../storage/table.js';
import { Transaction } from '../storage/transaction.js';
import type { UserRepository } from '../users/user-repository.js';
import type { User } from '../users/user.js';

export type AccountResolution = { user: User } | { user?: undefined; ambiguous: boolean };

const sameAccount = (a: string | undefined, b: string) => a !== undefined && a.toLowerCase() === b.toLowerCase();

/** The user bound to the Cognito account `cognitoUsername`, binding an old-shaped user on the way. */
export async function userOfCognitoAccount(table: Table, users: UserRepository, tenantId: string, cognitoUsername: string): Promise<AccountResolution> {
  const marker = await table.get<{ userId: string }>(keys.cognitoAccount(tenantId, cognitoUsername));
  if (marker) {
    const user = await users.get(tenantId, marker.userId);
    // The marker goes with its user; one left behind, or pointing at a user who moved on, binds nobody.
    return user && sameAccount(user.cognitoUsername, cognitoUsername) ? { user } : { ambiguous: false };
  }
  const candidates = new Map<string, User>();
  const byName = await users.findByUserName(tenantId, cognitoUsername);
  for (const user of [...(byName ? [byName] : []), ...(await users.findByAnyEmail(tenantId, cognitoUsername))]) {
    if (sameAccount(user.cognitoUsername, cognitoUsername)) candidates.set(user.id, user);
  }
  if (candidates.size !== 1) return { ambiguous: candidates.size > 1 };
  const [user] = [...candidates.values()];
  return (await bind(table, user!, cognitoUsername)) ? { user: user! } : { ambiguous: true };
}

/** Writes the binding of an old-shaped user; false when another user was bound to the account meanwhile. */
async function bind(table: Table, user: User, cognitoUsername: string): Promise<boolean> {
  const tx = new Transaction(table);
  tx.put(
    { ...keys.cognitoAccount(user.tenantId, cognitoUsername), entity: 'unique', userId: user.id },
    {
      condition: 'attribute_not_exists(PK) OR userId = :self',
      values: { ':self': user.id },
      onConditionFailed: () => new ConflictError('signin.account_taken', `Cognito account ${cognitoUsername} is bound to another user`),
    },
  );
  // The user must still be the one whose username matched: a concurrent change of it voids the bind.
  tx.check(keys.user(user.tenantId, user.id), {
    condition: '#v = :v',
    names: { '#v': 'version' },
    values: { ':v': user.version },
    onConditionFailed: () => new ConflictError('signin.account_taken', `User ${user.id} changed while being bound`),
  });
  try {
    await tx.commit();
    return true;
  } catch (error) {
    if (error instanceof ConflictError && error.code === 'signin.account_taken') return false;
    throw error;
  }
}
