/**
 * The checks every user credential ends with, whatever proved it (PAT, pool
 * JWT, direct sign-in client JWT): the user and tenant were read in this
 * request, the user is active, and a JWT was issued after the user's sessions
 * were last revoked. Same codes and messages for every credential.
 */
import { UnauthorizedError } from '../errors/app-error.js';
import type { Item } from '../storage/table.js';
import { tenantFromItem } from '../tenants/tenant-repository.js';
import { userFromItem } from '../users/user-repository.js';
import type { User } from '../users/user.js';
import type { UserPrincipal } from '../caller/principal.js';

export const INVALID_TOKEN = 'Invalid or expired token';

/** The one answer to a credential that proves nothing: it never says which check failed. */
export const invalidToken = (): UnauthorizedError => new UnauthorizedError('auth.invalid_token', INVALID_TOKEN);

/** The principal from read items holding the user and the tenant; 401 unless both are there and the user is active. */
export function activePrincipal(items: ReadonlyArray<Item | undefined>, via: 'pat' | 'jwt'): UserPrincipal {
  const userRecord = items.find((i) => i?.entity === 'user');
  const tenantRecord = items.find((i) => i?.entity === 'tenant');
  if (!userRecord || !tenantRecord) throw invalidToken();
  return { kind: 'user', tenant: tenantFromItem(tenantRecord), user: activeUser(userRecord), via, userReadConsistently: true };
}

export function activeUser(record: Item): User {
  const user = userFromItem(record);
  if (!user.active) throw new UnauthorizedError('auth.user_deactivated', 'Your account is deactivated');
  return user;
}

/**
 * Refuses a token issued (`issuedAtSeconds`) before the user's sessions were
 * revoked: a deactivation revokes them, so a token from before it stays dead
 * after a reactivation (tokens outlive a sign-out).
 */
export function assertIssuedAfterRevocation(user: User, issuedAtSeconds: number): void {
  const revokedAt = user.sessionsRevokedAt;
  if (revokedAt && Number.isFinite(issuedAtSeconds) && issuedAtSeconds * 1000 < Date.parse(revokedAt)) {
    throw new UnauthorizedError('auth.session_revoked', 'This session was signed out; sign in again');
  }
}
