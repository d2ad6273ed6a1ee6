/**
 * The ID token of a tenant's direct sign-in client (an OIDC provider the
 * browser sign-in reaches without a Cognito pool between, as the local demo IdP
 * is) as an API credential, held to what a pool token is held to:
 *
 * - The tenant comes from the credential: the (issuer, clientId) binding
 *   written with the tenant's `signInClient`
 *   (shared/tenants/sign-in-client-binding.ts), and the tenant as read must
 *   still have that client. An issuer no tenant configured is refused before
 *   anything is fetched from anywhere.
 * - The token is verified against the tenant's configured client, never
 *   against what the token names: the JWKS of that issuer, RS256/ES256, `iss`,
 *   `aud` (and `azp`), `exp`, `iat`, `sub` (the callback's own verification,
 *   less the nonce: an API call answers no sign-in request).
 * - The user is the one the callback's provisioning bound to the identity: the
 *   federated marker of `<providerName>_<sub>` names it, and the user's own
 *   `federatedId` must agree. Then the checks of every credential: active,
 *   sessions not revoked since the token's `iat`, role from the table.
 *
 * Cost: one BatchGet (tenant + user) once the container knows the client's
 * tenant and the person's user, as for a pool token. Both bindings are
 * remembered (binding-cache.ts) and checked against what each request reads:
 * the tenant read must still have the client (so removing or moving a
 * `signInClient` refuses its tokens on the very next request, memory or not),
 * and the user read must carry the identity (a user deleted, or an identity
 * re-bound to a new user, is read afresh). Nothing about the user is remembered.
 */
import { federatedIdOf } from '../signin/sign-in-identity.js';
import { endpointsOf, IdTokenRejectedError, verifyClientIdToken, type IdTokenClaims } from '../signin/oidc-client.js';
import { keys } from '../storage/keys.js';
import type { Item, Table } from '../storage/table.js';
import { holdsDirectSignInClient, MAX_CLIENT_ID_LENGTH, tenantIdOfSignInClient } from '../tenants/sign-in-client-binding.js';
import { tenantFromItem } from '../tenants/tenant-repository.js';
import type { SignInClient, Tenant } from '../tenants/tenant.js';
import { activeUser, assertIssuedAfterRevocation, invalidToken } from './active-user.js';
import { BindingCache } from './binding-cache.js';
import type { UserPrincipal } from '../caller/principal.js';

/** What a token says it is, read without verifying: only to know what to read and which client to verify against. */
export interface DirectClientClaims {
  issuer: string;
  clientId: string;
  subject: string;
}

/** OIDC caps `sub` at 255 ASCII characters. */
const MAX_SUBJECT_LENGTH = 255;

/** The tenant of each direct client and the provider name its federated ids are formed with. */
const clientTenants = new BindingCache<{ tenantId: string; providerName: string }>(100);
/** The user each federated identity signs in as (the marker's binding). */
const identityUsers = new BindingCache<string>(1000);

const clientKeyOf = (claims: DirectClientClaims) => JSON.stringify([claims.issuer, claims.clientId]);
const identityKeyOf = (tenantId: string, federatedId: string) => JSON.stringify([tenantId, federatedId]);

/**
 * `iss`, `aud` and `sub` of a token that can be a direct client's ID token, or
 * undefined. `aud` must name one client (a string, or an array of one).
 */
export function directClientClaimsOf(claims: Record<string, unknown>): DirectClientClaims | undefined {
  const { iss, aud, sub } = claims;
  const clientId = typeof aud === 'string' ? aud : Array.isArray(aud) && aud.length === 1 && typeof aud[0] === 'string' ? aud[0] : undefined;
  if (typeof iss !== 'string' || !iss || !clientId || clientId.length > MAX_CLIENT_ID_LENGTH) return undefined;
  if (typeof sub !== 'string' || !sub || sub.length > MAX_SUBJECT_LENGTH) return undefined;
  return { issuer: iss, clientId, subject: sub };
}

/** Whether this container has already proved the tenant of the token's client (no read needed to find it). */
export const knowsDirectClient = (claims: DirectClientClaims): boolean => clientTenants.get(clientKeyOf(claims)) !== undefined;

interface Read {
  tenant?: Tenant;
  user?: Item;
  /** The user was read by a remembered binding rather than through the marker. */
  userFromMemory: boolean;
}

/**
 * Authenticates a direct client's ID token; see the module comment. Every
 * refusal is the 401 of any token that proves nothing, but a deactivated user
 * and a revoked session answer as they do for pool tokens.
 */
export async function authenticateDirectClientJwt(table: Table, token: string, claims: DirectClientClaims, mayUseMemory = true): Promise<UserPrincipal> {
  const clientKey = clientKeyOf(claims);
  const known = mayUseMemory ? clientTenants.get(clientKey) : undefined;
  const read = known ? await readKnownClient(table, claims, known) : await readUnknownClient(table, claims);
  const tenant = read.tenant;
  const providerName = tenant?.sso?.providerName;
  if (!tenant || !providerName || !holdsDirectSignInClient(tenant, claims.issuer, claims.clientId) || (known && known.providerName !== providerName)) {
    // The remembered tenant no longer has this client (or names its identities otherwise): ask the binding once more.
    clientTenants.forget(clientKey);
    if (known) return authenticateDirectClientJwt(table, token, claims, false);
    throw invalidToken();
  }
  clientTenants.remember(clientKey, { tenantId: tenant.id, providerName });

  const federatedId = federatedIdOf(providerName, claims.subject);
  const identityKey = identityKeyOf(tenant.id, federatedId);
  if (!read.user || read.user.federatedId !== federatedId) {
    identityUsers.forget(identityKey);
    if (read.userFromMemory && mayUseMemory) return authenticateDirectClientJwt(table, token, claims, false);
    throw invalidToken();
  }

  const payload = await verified(tenant.signInClient!, token);
  if (payload.sub !== claims.subject) throw invalidToken();
  identityUsers.remember(identityKey, String(read.user.id));
  const user = activeUser(read.user);
  // `iat`, not `auth_time`: the IdP's session may predate a deactivation, while the token was issued by a sign-in after it.
  assertIssuedAfterRevocation(user, Number(payload.iat));
  return { kind: 'user', tenant, user, via: 'jwt', userReadConsistently: true };
}

/** Client known: the tenant with the remembered user, or with the identity's marker (then the user it names). */
async function readKnownClient(table: Table, claims: DirectClientClaims, known: { tenantId: string; providerName: string }): Promise<Read> {
  const federatedId = federatedIdOf(known.providerName, claims.subject);
  const userId = identityUsers.get(identityKeyOf(known.tenantId, federatedId));
  const second = userId ? keys.user(known.tenantId, userId) : keys.federatedIdentity(known.tenantId, federatedId);
  const items = await table.batchGet<Item>([keys.tenant(known.tenantId), second]);
  const tenantItem = items.find((i) => i.entity === 'tenant');
  const tenant = tenantItem ? tenantFromItem(tenantItem) : undefined;
  if (userId) return { tenant, user: items.find((i) => i.entity === 'user'), userFromMemory: true };
  const marker = items.find((i) => i.entity === 'federatedIdentity');
  const user = tenant && typeof marker?.userId === 'string' ? await table.get<Item>(keys.user(known.tenantId, marker.userId)) : undefined;
  return { tenant, user, userFromMemory: false };
}

/** Client unknown: its binding (none: refused here, nothing fetched), the tenant, the identity's marker, the user. */
async function readUnknownClient(table: Table, claims: DirectClientClaims): Promise<Read> {
  const tenantId = await tenantIdOfSignInClient(table, claims);
  if (!tenantId) throw invalidToken();
  const tenantItem = await table.get<Item>(keys.tenant(tenantId));
  const tenant = tenantItem ? tenantFromItem(tenantItem) : undefined;
  const providerName = tenant?.sso?.providerName;
  if (!tenant || !providerName || !holdsDirectSignInClient(tenant, claims.issuer, claims.clientId)) return { tenant, userFromMemory: false };
  const marker = await table.get<Item>(keys.federatedIdentity(tenantId, federatedIdOf(providerName, claims.subject)));
  const user = typeof marker?.userId === 'string' ? await table.get<Item>(keys.user(tenantId, marker.userId)) : undefined;
  return { tenant, user, userFromMemory: false };
}

/** The token verified against the tenant's configured client; a failed verification is a 401, an unreachable IdP a 503. */
async function verified(client: SignInClient, token: string): Promise<IdTokenClaims> {
  try {
    return await verifyClientIdToken(client, client.jwksUri ? { jwksUri: client.jwksUri } : await endpointsOf(client), token);
  } catch (error) {
    if (error instanceof IdTokenRejectedError) throw invalidToken();
    throw error;
  }
}
