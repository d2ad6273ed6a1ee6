/**
 * Which tenant a direct sign-in client belongs to. A tenant's browser sign-in
 * client is either its own Cognito pool (AWS: the tokens are pool tokens, found
 * by the pool) or an OIDC provider reached directly (the local demo IdP, or any
 * IdP a deployment wires without Cognito in between). The ID token of a direct
 * client names no pool, only its issuer (`iss`) and client (`aud`), so the API
 * finds its tenant through one item per (issuer, clientId).
 *
 * The item is written, moved and removed in the same transaction that sets,
 * changes or clears the tenant's `signInClient` (TenantRepository.create and
 * update, tenant removal), and its condition keeps one (issuer, clientId) to
 * one tenant: a second tenant claiming it is a 409 naming the holder (only
 * deployments set sign-in clients, never tenant admins).
 */
import { createHash } from 'node:crypto';
import { ConflictError, PreconditionFailedError, ValidationError } from '../errors/app-error.js';
import { keys } from '../storage/keys.js';
import type { Item, Table } from '../storage/table.js';
import { Transaction } from '../storage/transaction.js';
import type { Tenant } from './tenant.js';

/** Longest client id looked up or bound: a token's `aud` is the caller's choice and a sort key has a size limit. */
export const MAX_CLIENT_ID_LENGTH = 256;

export interface DirectSignInClient {
  issuer: string;
  clientId: string;
}

const trimmed = (url: string) => url.replace(/\/+$/, '');

/**
 * The tenant's sign-in client when its tokens are not its own pool's: absent
 * without a client, and absent when the client's issuer is the tenant's
 * `jwtIssuer` (a Cognito sign-in client, whose tokens already verify as pool tokens).
 */
export function directSignInClientOf(tenant: Pick<Tenant, 'signInClient' | 'jwtIssuer'>): DirectSignInClient | undefined {
  const client = tenant.signInClient;
  if (!client) return undefined;
  if (tenant.jwtIssuer && trimmed(tenant.jwtIssuer) === trimmed(client.issuer)) return undefined;
  return { issuer: client.issuer, clientId: client.clientId };
}

/** Whether `tenant`, as read, has (issuer, clientId) as its direct sign-in client: the check every cached binding must pass. */
export function holdsDirectSignInClient(tenant: Tenant, issuer: string, clientId: string): boolean {
  const client = directSignInClientOf(tenant);
  return client !== undefined && client.issuer === issuer && client.clientId === clientId;
}

export const signInClientKey = (client: DirectSignInClient) =>
  keys.signInClient(createHash('sha256').update(client.issuer, 'utf8').digest('base64url'), client.clientId);

/** The tenant of a direct sign-in client, or undefined (an over-long client id is never looked up). */
export async function tenantIdOfSignInClient(table: Table, client: DirectSignInClient): Promise<string | undefined> {
  if (!client.clientId || client.clientId.length > MAX_CLIENT_ID_LENGTH) return undefined;
  const item = await table.get<Item & { tenantId?: unknown }>(signInClientKey(client));
  return typeof item?.tenantId === 'string' ? item.tenantId : undefined;
}

const sameClient = (a: DirectSignInClient | undefined, b: DirectSignInClient | undefined) => a?.issuer === b?.issuer && a?.clientId === b?.clientId;

/** The tenant named by the item that blocked the write. */
function holderIn(blocking: Item | undefined): string {
  return typeof blocking?.tenantId === 'string' ? blocking.tenantId : 'another tenant';
}

const heldByOther = (client: DirectSignInClient, tenantId: string) => (blocking: Item | undefined) =>
  new ConflictError(
    'tenant.sign_in_client_taken',
    `Sign-in client ${client.clientId} of ${client.issuer} belongs to tenant ${holderIn(blocking)}; ` +
      `a sign-in client identifies one tenant, so ${tenantId} needs a client of its own`,
  );

/** Binds `client` to `tenantId`, unless another tenant holds it; rewriting the tenant's own binding is allowed. */
function addClaim(tx: Transaction, tenantId: string, client: DirectSignInClient): void {
  if (client.clientId.length > MAX_CLIENT_ID_LENGTH) {
    throw new ValidationError('tenant.sign_in_client_invalid', `The sign-in client id is longer than ${MAX_CLIENT_ID_LENGTH} characters`);
  }
  tx.put(
    { ...signInClientKey(client), entity: 'signInClient', tenantId, issuer: client.issuer, clientId: client.clientId },
    {
      condition: 'attribute_not_exists(PK) OR tenantId = :tenant',
      values: { ':tenant': tenantId },
      onConditionFailed: heldByOther(client, tenantId),
    },
  );
}

/**
 * Adds to `tx` what a change of the tenant from `before` to `after` means for
 * its binding (either side absent: the tenant is created or removed). Nothing
 * when the direct client stays the same; a binding held by another tenant is
 * neither taken nor removed (409).
 */
export function addSignInClientBindingChange(tx: Transaction, before: Tenant | undefined, after: Tenant | undefined): void {
  const tenantId = (after ?? before)?.id;
  if (!tenantId) return;
  const was = before && directSignInClientOf(before);
  const now = after && directSignInClientOf(after);
  if (sameClient(was, now)) return;
  if (was) {
    tx.delete(signInClientKey(was), {
      condition: 'attribute_not_exists(PK) OR tenantId = :tenant',
      values: { ':tenant': tenantId },
      onConditionFailed: heldByOther(was, tenantId),
    });
  }
  if (now) addClaim(tx, tenantId, now);
}

/**
 * Writes the binding of a tenant whose settings do not change, when it is
 * missing: tenants that had a direct client before bindings existed (a local
 * stack's persisted data). Guarded by the tenant's version, so a concurrent
 * settings change cannot leave a binding its tenant no longer has.
 */
export async function ensureSignInClientBinding(table: Table, tenant: Tenant): Promise<void> {
  const client = directSignInClientOf(tenant);
  if (!client || (await tenantIdOfSignInClient(table, client)) === tenant.id) return;
  const tx = new Transaction(table);
  tx.check(keys.tenant(tenant.id), {
    condition: '#v = :v',
    names: { '#v': 'version' },
    values: { ':v': tenant.version },
    onConditionFailed: () => new PreconditionFailedError('tenant.version_mismatch', 'Tenant settings changed meanwhile; read them again and retry'),
  });
  addClaim(tx, tenant.id, client);
  await tx.commit();
}
