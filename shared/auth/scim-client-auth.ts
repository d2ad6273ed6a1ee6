/**
 * The SCIM client of a request: the tenant's SCIM bearer token, read with the
 * tenant in one BatchGet (secret + tenant) on every request, never cached, so a
 * rotated or revoked token is refused on the very next request. SCIM routes'
 * bundles import only this, none of the user credentials' code (JWT
 * verification, PATs): a smaller bundle is a shorter cold start.
 */
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { ForbiddenError, UnauthorizedError } from '../errors/app-error.js';
import { keys } from '../storage/keys.js';
import type { Item, Table } from '../storage/table.js';
import { tenantFromItem } from '../tenants/tenant-repository.js';
import { bearerToken } from './bearer.js';
import { INVALID_TOKEN } from './active-user.js';
import type { ScimClientPrincipal } from '../caller/principal.js';
import { hashSecret, isWellFormedSecret, sameDigest } from '../tokens/secret-token.js';
import { isExpired, type SecretRecord } from '../tokens/secret-record.js';
import { touchLastUsed } from './last-used.js';

export function authenticateScimClient(table: Table, event: Pick<APIGatewayProxyEventV2, 'headers' | 'pathParameters'>): Promise<ScimClientPrincipal> {
  return authenticateScim(table, bearerToken(event), event.pathParameters?.tenantId ?? '');
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
