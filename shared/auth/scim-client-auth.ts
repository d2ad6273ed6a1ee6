/**
 * The SCIM client of a request: the tenant's SCIM bearer token, read with the
 * tenant in one BatchGet (secret + tenant). SCIM routes' bundles import only
 * this, none of the user credentials' code (JWT verification, PATs): a smaller
 * bundle is a shorter cold start.
 *
 * A warm function keeps what it verified for a few seconds
 * (`SCIM_AUTH_CACHE_SECONDS`, 5 by default, 0 to read on every request): an IdP
 * pushing a directory sends tens of requests a second with one token, and
 * reading the same two items for each was a third of a synced user's round
 * trips. The price is bounded and documented (docs/security.md): a revoked or
 * rotated token, or a tenant switched out of SCIM mode, is refused by every
 * function at most that long after the change. Only successful verifications
 * are kept, under the token's hash and the tenant of the URL; a token's own
 * expiry is checked on every request, so a grace period ends on time.
 */
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { ForbiddenError, UnauthorizedError } from '../errors/app-error.js';
import { settings } from '../config/env.js';
import { keys } from '../storage/keys.js';
import type { Item, Table } from '../storage/table.js';
import { tenantFromItem } from '../tenants/tenant-repository.js';
import type { Tenant } from '../tenants/tenant.js';
import { bearerToken } from './bearer.js';
import { INVALID_TOKEN } from './active-user.js';
import type { ScimClientPrincipal } from '../caller/principal.js';
import { hashSecret, isWellFormedSecret, sameDigest } from '../tokens/secret-token.js';
import { isExpired, type SecretRecord } from '../tokens/secret-record.js';
import { touchLastUsed } from './last-used.js';

interface Verified {
  secret: SecretRecord;
  tenant: Tenant;
  verifiedAt: number;
}

/** SCIM tokens this container verified, each trusted for `maxAgeMs` after the read that proved it. */
export class VerifiedScimTokens {
  private readonly entries = new Map<string, Verified>();
  private readonly now: () => number;
  private readonly maxAgeMs: () => number;

  /** @param capacity most tokens kept; the oldest goes first (a container serves few tenants). */
  constructor(
    private readonly capacity: number,
    options: { now?: () => number; maxAgeMs?: () => number } = {},
  ) {
    this.now = options.now ?? Date.now;
    this.maxAgeMs = options.maxAgeMs ?? (() => settings().SCIM_AUTH_CACHE_SECONDS * 1000);
  }

  get clock(): number {
    return this.now();
  }

  get(key: string): Verified | undefined {
    const entry = this.entries.get(key);
    if (!entry) return undefined;
    if (this.now() - entry.verifiedAt < this.maxAgeMs() && !isExpired(entry.secret, this.now())) return entry;
    this.entries.delete(key);
    return undefined;
  }

  remember(key: string, value: Omit<Verified, 'verifiedAt'>, verifiedAt: number): void {
    if (this.maxAgeMs() <= 0) return;
    this.entries.delete(key);
    if (this.entries.size >= this.capacity) {
      const oldest = this.entries.keys().next();
      if (!oldest.done) this.entries.delete(oldest.value);
    }
    this.entries.set(key, { ...value, verifiedAt });
  }
}

const verifiedTokens = new VerifiedScimTokens(256);

export function authenticateScimClient(
  table: Table,
  event: Pick<APIGatewayProxyEventV2, 'headers' | 'pathParameters'>,
  verified: VerifiedScimTokens = verifiedTokens,
): Promise<ScimClientPrincipal> {
  return authenticateScim(table, bearerToken(event), event.pathParameters?.tenantId ?? '', verified);
}

async function authenticateScim(table: Table, token: string, tenantId: string, verified: VerifiedScimTokens): Promise<ScimClientPrincipal> {
  if (!isWellFormedSecret(token, 'scim')) throw new UnauthorizedError('auth.invalid_token', INVALID_TOKEN);
  const hash = hashSecret(token);
  const cacheKey = `${tenantId}/${hash}`;
  const known = verified.get(cacheKey);
  if (known) return { kind: 'scim', tenant: known.tenant, tokenId: known.secret.tokenId };
  // The clock before the read: an entry is trusted from when its items were read, not from when the answer came.
  const readAt = verified.clock;
  const items = await table.batchGet<Item>([keys.secret(hash), keys.tenant(tenantId)]);
  const secret = items.find((i) => i.entity === 'secret') as (SecretRecord & Item) | undefined;
  const tenantRecord = items.find((i) => i.entity === 'tenant');
  // A token of another tenant proves nothing here, and says nothing about either tenant.
  if (!secret || secret.kind !== 'scim' || secret.tenantId !== tenantId || !sameDigest(secret.hash, hash) || isExpired(secret, readAt)) {
    throw new UnauthorizedError('auth.invalid_token', INVALID_TOKEN);
  }
  if (!tenantRecord) throw new UnauthorizedError('auth.invalid_token', INVALID_TOKEN);
  const tenant = tenantFromItem(tenantRecord);
  if (tenant.mode !== 'scim') {
    throw new ForbiddenError('scim.not_enabled', `SCIM provisioning is not enabled for tenant ${tenant.id}; its provisioning mode is ${tenant.mode}`);
  }
  await touchLastUsed(table, secret, [keys.scimToken(tenant.id, secret.tokenId)]);
  verified.remember(cacheKey, { secret, tenant }, readAt);
  return { kind: 'scim', tenant, tokenId: secret.tokenId };
}
