/**
 * The user behind a request of the admin API: a personal access token or an ID
 * token, resolved to an active user of the tenant. Secrets, users and tenants
 * are read on every request, never cached: a revoked token or a deactivated
 * user's PAT or JWT is refused on the very next request.
 *
 * Cost: a PAT request is one BatchGet (secret + user + tenant) once the
 * container knows whose the PAT is, and a GetItem (secret) then that BatchGet
 * the first time. A pool JWT request is one BatchGet (user + tenant) once the
 * container knows the pool's tenant, and a GetItem (pool mapping) before it the
 * first time. Those two bindings never change, and are checked against what is
 * read (`binding-cache.ts`). The ID token of a direct sign-in client costs the
 * same one BatchGet once its bindings are known (./direct-client-jwt.ts).
 */
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { ForbiddenError, NotFoundError, UnauthorizedError } from '../errors/app-error.js';
import type { AuthKind } from './auth-kind.js';
import { keys } from '../storage/keys.js';
import type { Item, Table } from '../storage/table.js';
import { TenantRepository, tenantFromItem } from '../tenants/tenant-repository.js';
import { isAdmin } from '../users/user.js';
import { bearerToken } from './bearer.js';
import { BindingCache } from './binding-cache.js';
import { activePrincipal, assertIssuedAfterRevocation, INVALID_TOKEN, invalidToken } from './active-user.js';
import { namesUserPool, unverifiedClaims, unverifiedIssuer, unverifiedUserId, verifyCognitoJwt } from './cognito-jwt.js';
import { authenticateDirectClientJwt, directClientClaimsOf, knowsDirectClient } from './direct-client-jwt.js';
import type { AnonymousPrincipal, UserPrincipal } from '../caller/principal.js';
import { hashSecret, isWellFormedSecret, sameDigest, secretKindOf } from '../tokens/secret-token.js';
import { isExpired, type SecretRecord } from '../tokens/secret-record.js';
import { patSecretStopped } from '../tokens/personal-access-tokens.js';
import { touchLastUsed } from './last-used.js';

/** Whose each PAT is, by the hash of the token: fixed when the secret record is written. */
const patOwners = new BindingCache<{ tenantId: string; userId: string }>(1000);
/** The tenant of each Cognito user pool: a pool is made for one tenant. */
const poolTenants = new BindingCache<string>(100);

/** The caller of an admin API route of the given auth kind (`public` routes have none). */
export async function authenticateApiCaller(
  table: Table,
  auth: Exclude<AuthKind, 'scim'>,
  event: Pick<APIGatewayProxyEventV2, 'headers'>,
): Promise<UserPrincipal | AnonymousPrincipal> {
  if (auth === 'public') return { kind: 'anonymous' };
  const principal = await authenticateUser(table, bearerToken(event));
  if (auth === 'admin' && !isAdmin(principal.user)) {
    throw new ForbiddenError('auth.admin_required', 'Only tenant admins may do this');
  }
  return principal;
}

async function authenticateUser(table: Table, token: string): Promise<UserPrincipal> {
  if (secretKindOf(token)) return authenticatePat(table, token);
  return authenticateJwt(table, token);
}

async function authenticatePat(table: Table, token: string): Promise<UserPrincipal> {
  if (!isWellFormedSecret(token, 'pat')) throw new UnauthorizedError('auth.invalid_token', INVALID_TOKEN);
  const hash = hashSecret(token);
  const owner = patOwners.get(hash);
  // Known owner: the secret is read with its user and tenant; otherwise alone, to learn whose it is.
  const items = owner
    ? await table.batchGet<Item>([keys.secret(hash), keys.user(owner.tenantId, owner.userId), keys.tenant(owner.tenantId)])
    : [await table.get<Item>(keys.secret(hash))];
  const secret = items.find((i) => i?.entity === 'secret') as (SecretRecord & Item) | undefined;
  if (!secret || secret.kind !== 'pat' || !secret.userId || !sameDigest(secret.hash, hash) || isExpired(secret)) {
    patOwners.forget(hash);
    throw new UnauthorizedError('auth.invalid_token', INVALID_TOKEN);
  }
  const readWithSecret = owner?.tenantId === secret.tenantId && owner.userId === secret.userId;
  const principal = readWithSecret ? activePrincipal(items, 'pat') : await loadActiveUser(table, secret.tenantId, secret.userId, 'pat');
  if (await patSecretStopped(table, principal.user, secret)) throw new UnauthorizedError('auth.invalid_token', INVALID_TOKEN);
  patOwners.remember(hash, { tenantId: secret.tenantId, userId: secret.userId });
  await touchLastUsed(table, secret, [keys.pat(secret.tenantId, secret.userId, secret.tokenId)]);
  return { ...principal, tokenId: secret.tokenId };
}

/**
 * A JWT is a pool token when its issuer names a tenant's user pool, else the ID
 * token of a tenant's direct sign-in client (./direct-client-jwt.ts), else
 * nothing: an issuer no tenant configured is refused without a write and
 * without fetching anything from it.
 */
async function authenticateJwt(table: Table, token: string): Promise<UserPrincipal> {
  const { userPoolId } = unverifiedIssuer(token);
  const direct = directClientClaimsOf(unverifiedClaims(token));
  const rememberedPool = poolTenants.get(userPoolId);
  if (rememberedPool !== undefined) return authenticatePoolJwt(table, token, userPoolId, { tenantId: rememberedPool, remembered: true });
  if (direct && knowsDirectClient(direct)) return authenticateDirectClientJwt(table, token, direct);
  const poolTenant = namesUserPool(userPoolId) ? await new TenantRepository(table).tenantIdOfUserPool(userPoolId) : undefined;
  if (poolTenant !== undefined) return authenticatePoolJwt(table, token, userPoolId, { tenantId: poolTenant, remembered: false });
  if (direct) return authenticateDirectClientJwt(table, token, direct);
  throw invalidToken();
}

/**
 * The user and tenant are read by the token's unverified `user_id` and pool, then
 * the token is verified against that tenant's issuer and its claims compared with
 * what was read: nothing read is used unless the token holds.
 */
async function authenticatePoolJwt(table: Table, token: string, userPoolId: string, pool?: { tenantId: string; remembered: boolean }): Promise<UserPrincipal> {
  const userId = unverifiedUserId(token);
  const tenantId = pool?.tenantId ?? (await new TenantRepository(table).tenantIdOfUserPool(userPoolId));
  if (!tenantId) throw invalidToken();
  const items = await table.batchGet<Item>([keys.user(tenantId, userId), keys.tenant(tenantId)]);
  const tenantRecord = items.find((i) => i.entity === 'tenant');
  const tenant = tenantRecord ? tenantFromItem(tenantRecord) : undefined;
  if (!tenant || tenant.userPoolId !== userPoolId) {
    // The remembered tenant no longer holds this pool: forget it and ask the mapping once more.
    poolTenants.forget(userPoolId);
    if (pool?.remembered) return authenticatePoolJwt(table, token, userPoolId);
    throw invalidToken();
  }
  poolTenants.remember(userPoolId, tenantId);
  if (!tenant.jwtIssuer) throw invalidToken();
  const { claims } = await verifyCognitoJwt(token, tenant.jwtIssuer, tenant.appClientId);
  // Only ID tokens: pre token generation also puts `user_id`/`tenant_id` in access tokens, which are
  // Cognito's own credential (UpdateUserAttributes, GetUser...) and carry no audience of ours.
  if (claims.token_use !== 'id') throw invalidToken();
  if (claims.user_id !== userId || claims.tenant_id !== tenant.id) throw invalidToken();
  const principal = activePrincipal(items, 'jwt');
  assertIssuedAfterRevocation(principal.user, Number(claims.auth_time ?? claims.iat));
  return principal;
}

async function loadActiveUser(table: Table, tenantId: string, userId: string, via: 'pat' | 'jwt'): Promise<UserPrincipal> {
  return activePrincipal(await table.batchGet<Item>([keys.user(tenantId, userId), keys.tenant(tenantId)]), via);
}

/** A handler's guard for routes that act on a user: members only on themselves. */
export function assertSelfOrAdmin(principal: UserPrincipal, userId: string): void {
  if (principal.user.id !== userId && !isAdmin(principal.user)) {
    throw new NotFoundError('user.not_found', `User ${userId} not found`);
  }
}
