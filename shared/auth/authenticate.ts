/**
 * Resolves the credential of a request into a principal, for each auth kind of
 * the route table. Status is checked on every request, never cached: a
 * deactivated user's PAT or JWT is refused on the very next request.
 *
 * Cost: a SCIM request is one BatchGet (secret + tenant); a PAT request is one
 * GetItem (secret) and one BatchGet (user + tenant).
 */
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { ForbiddenError, NotFoundError, UnauthorizedError } from '../errors/app-error.js';
import type { AuthKind } from '../http/route-table.js';
import { keys } from '../storage/keys.js';
import type { Item, Table } from '../storage/table.js';
import { tenantFromItem, TenantRepository } from '../tenants/tenant-repository.js';
import { userFromItem } from '../users/user-repository.js';
import { isAdmin } from '../users/user.js';
import { bearerToken } from './bearer.js';
import { unverifiedIssuer, verifyCognitoJwt } from './cognito-jwt.js';
import type { Principal, ScimClientPrincipal, UserPrincipal } from './principal.js';
import { hashSecret, isWellFormedSecret, sameDigest, secretKindOf } from '../tokens/secret-token.js';
import { isExpired, type SecretRecord } from '../tokens/secret-record.js';
import { touchLastUsed } from './last-used.js';

const INVALID_TOKEN = 'Invalid or expired token';

export async function authenticate(
  table: Table,
  auth: AuthKind,
  event: Pick<APIGatewayProxyEventV2, 'headers' | 'pathParameters'>,
): Promise<Principal> {
  switch (auth) {
    case 'public':
      return { kind: 'anonymous' };
    case 'scim':
      return authenticateScim(table, bearerToken(event), event.pathParameters?.tenantId ?? '');
    case 'user':
    case 'admin': {
      const principal = await authenticateUser(table, bearerToken(event));
      if (auth === 'admin' && !isAdmin(principal.user)) {
        throw new ForbiddenError('auth.admin_required', 'Only tenant admins may do this');
      }
      return principal;
    }
  }
}

async function authenticateScim(table: Table, token: string, tenantId: string): Promise<ScimClientPrincipal> {
  if (!isWellFormedSecret(token, 'scim')) throw new UnauthorizedError('auth.invalid_token', INVALID_TOKEN);
  const hash = hashSecret(token);
  const items = await table.batchGet<Item>([keys.secret(hash), keys.tenant(tenantId)]);
  const secret = items.find((i) => i.entity === 'secret') as (SecretRecord & Item) | undefined;
  const tenantRecord = items.find((i) => i.entity === 'tenant');
  // A token of another tenant proves nothing here, and says nothing about either tenant.
  if (!secret || secret.kind !== 'scim' || secret.tenantId !== tenantId || !sameDigest(secret.hash, hash) || isExpired(secret)) {
    throw new UnauthorizedError('auth.invalid_token', INVALID_TOKEN);
  }
  if (!tenantRecord) throw new UnauthorizedError('auth.invalid_token', INVALID_TOKEN);
  const tenant = tenantFromItem(tenantRecord);
  if (tenant.mode !== 'scim') {
    throw new ForbiddenError('scim.not_enabled', `SCIM provisioning is not enabled for tenant ${tenant.id}; its provisioning mode is ${tenant.mode}`);
  }
  await touchLastUsed(table, secret, [keys.scimToken(tenant.id, secret.tokenId)]);
  return { kind: 'scim', tenant, tokenId: secret.tokenId };
}

async function authenticateUser(table: Table, token: string): Promise<UserPrincipal> {
  if (secretKindOf(token)) return authenticatePat(table, token);
  return authenticateJwt(table, token);
}

async function authenticatePat(table: Table, token: string): Promise<UserPrincipal> {
  if (!isWellFormedSecret(token, 'pat')) throw new UnauthorizedError('auth.invalid_token', INVALID_TOKEN);
  const hash = hashSecret(token);
  const secret = await table.get<SecretRecord & Item>(keys.secret(hash));
  if (!secret || secret.kind !== 'pat' || !secret.userId || !sameDigest(secret.hash, hash) || isExpired(secret)) {
    throw new UnauthorizedError('auth.invalid_token', INVALID_TOKEN);
  }
  const principal = await loadActiveUser(table, secret.tenantId, secret.userId, 'pat');
  await touchLastUsed(table, secret, [keys.pat(secret.tenantId, secret.userId, secret.tokenId)]);
  return { ...principal, tokenId: secret.tokenId };
}

async function authenticateJwt(table: Table, token: string): Promise<UserPrincipal> {
  const { userPoolId } = unverifiedIssuer(token);
  const tenants = new TenantRepository(table);
  const tenantId = await tenants.tenantIdOfUserPool(userPoolId);
  if (!tenantId) throw new UnauthorizedError('auth.invalid_token', INVALID_TOKEN);
  const tenant = await tenants.get(tenantId);
  if (!tenant?.jwtIssuer) throw new UnauthorizedError('auth.invalid_token', INVALID_TOKEN);
  const { claims } = await verifyCognitoJwt(token, tenant.jwtIssuer, tenant.appClientId);
  const userId = typeof claims.user_id === 'string' ? claims.user_id : undefined;
  if (!userId || claims.tenant_id !== tenant.id) throw new UnauthorizedError('auth.invalid_token', INVALID_TOKEN);
  const record = await table.get<Item>(keys.user(tenant.id, userId));
  if (!record) throw new UnauthorizedError('auth.invalid_token', INVALID_TOKEN);
  const user = activeUser(record);
  // Tokens issued before a deactivation stay dead after reactivation: access tokens outlive sign-out.
  const issuedAt = Number(claims.auth_time ?? claims.iat);
  if (user.sessionsRevokedAt && Number.isFinite(issuedAt) && issuedAt * 1000 < Date.parse(user.sessionsRevokedAt)) {
    throw new UnauthorizedError('auth.session_revoked', 'This session was signed out; sign in again');
  }
  return { kind: 'user', tenant, user, via: 'jwt' };
}

async function loadActiveUser(table: Table, tenantId: string, userId: string, via: 'pat' | 'jwt'): Promise<UserPrincipal> {
  const items = await table.batchGet<Item>([keys.user(tenantId, userId), keys.tenant(tenantId)]);
  const userRecord = items.find((i) => i.entity === 'user');
  const tenantRecord = items.find((i) => i.entity === 'tenant');
  if (!userRecord || !tenantRecord) throw new UnauthorizedError('auth.invalid_token', INVALID_TOKEN);
  return { kind: 'user', tenant: tenantFromItem(tenantRecord), user: activeUser(userRecord), via };
}

function activeUser(record: Item) {
  const user = userFromItem(record);
  if (!user.active) throw new UnauthorizedError('auth.user_deactivated', 'Your account is deactivated');
  return user;
}

/** A handler's guard for routes that act on a user: members only on themselves. */
export function assertSelfOrAdmin(principal: UserPrincipal, userId: string): void {
  if (principal.user.id !== userId && !isAdmin(principal.user)) {
    throw new NotFoundError('user.not_found', `User ${userId} not found`);
  }
}
