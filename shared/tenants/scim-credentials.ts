/**
 * The SCIM credential of a tenant as its admins manage it: generate (shown once,
 * ending the previous token now or after a grace period), inspect (metadata
 * only), revoke. Only hashes are stored (`shared/tokens/scim-tokens.ts`); every
 * step writes its audit event in the same transaction as the change.
 */
import { recordAudit, type Actor } from '../audit/audit-event.js';
import { ConflictError, NotFoundError } from '../errors/app-error.js';
import { keys } from '../storage/keys.js';
import { TTL_ATTRIBUTE } from '../storage/table-definition.js';
import type { Table } from '../storage/table.js';
import { Transaction } from '../storage/transaction.js';
import { issueScimToken, listScimTokens, type IssuedScimToken, type ScimToken } from '../tokens/scim-tokens.js';
import { scimUrlOf } from './provisioning-settings.js';

export interface ScimTokenMetadata {
  id: string;
  displayPrefix: string;
  last4: string;
  createdAt: string;
  createdBy: string;
  lastUsedAt?: string;
  /** `grace`: superseded, still accepted until `expiresAt`. */
  status: 'active' | 'grace';
  expiresAt?: string;
}

export interface IssuedScimCredential {
  id: string;
  /** The plaintext: in this response only. */
  token: string;
  scimUrl: string;
  displayPrefix: string;
  createdAt: string;
  /** When the previous token stops working, if a grace period was asked for. */
  previousTokenEndsAt?: string;
}

const liveTokens = (tokens: ScimToken[], now = Date.now()) =>
  tokens.filter((t) => !t.expiresAt || Date.parse(t.expiresAt) > now).sort((a, b) => b.createdAt.localeCompare(a.createdAt));

export function scimTokenMetadata(token: ScimToken): ScimTokenMetadata {
  const view: ScimTokenMetadata = {
    id: token.id,
    displayPrefix: token.displayPrefix,
    last4: token.last4,
    createdAt: token.createdAt,
    createdBy: token.createdBy,
    status: token.expiresAt ? 'grace' : 'active',
  };
  if (token.lastUsedAt) view.lastUsedAt = token.lastUsedAt;
  if (token.expiresAt) view.expiresAt = token.expiresAt;
  return view;
}

/** The tenant's tokens that still work, newest first; ended ones are gone from the answer even before TTL removes them. */
export async function listScimCredentials(table: Table, tenantId: string): Promise<ScimTokenMetadata[]> {
  return liveTokens(await listScimTokens(table, tenantId)).map(scimTokenMetadata);
}

/** How long a rotation may hold the tenant's rotation lease; a crashed rotation frees it after this. */
export const ROTATION_LEASE_SECONDS = 30;

/**
 * Issues a new token (see {@link issueScimToken}); the previous ones end now or
 * after `graceSeconds` (≤ 24 h). Rotation reads the current tokens before it
 * writes, so two at once could both leave their token active: a lease taken
 * with a conditional put makes the second one a 409 that changes nothing.
 */
export async function generateScimCredential(
  table: Table,
  input: { tenantId: string; actor: Actor; graceSeconds?: number; requestId?: string },
): Promise<IssuedScimCredential> {
  const lease = keys.idempotency('scim-token-rotation', input.tenantId);
  const now = Date.now();
  try {
    await table.put({
      Item: { ...lease, entity: 'lease', expiresAt: new Date(now + ROTATION_LEASE_SECONDS * 1000).toISOString(), [TTL_ATTRIBUTE]: Math.floor(now / 1000) + ROTATION_LEASE_SECONDS * 2 },
      ConditionExpression: 'attribute_not_exists(PK) OR expiresAt < :now',
      ExpressionAttributeValues: { ':now': new Date(now).toISOString() },
    });
  } catch (error) {
    if ((error as { name?: string }).name !== 'ConditionalCheckFailedException') throw error;
    throw new ConflictError('scim_token.rotation_in_progress', 'Another SCIM token is being generated for this tenant right now; reload and try again');
  }
  let issued: IssuedScimToken;
  try {
    // The commit releases the lease with the rotation itself.
    issued = await issueScimToken(table, {
      tenantId: input.tenantId,
      actorId: input.actor.id,
      actor: input.actor,
      graceSeconds: input.graceSeconds,
      requestId: input.requestId,
      releasing: lease,
    });
  } catch (error) {
    // Free the lease so the next rotation need not wait it out (if the commit went through
    // and only its answer was lost, the lease is gone already). Should this delete fail
    // too, the lease still ends after ROTATION_LEASE_SECONDS.
    await table.delete({ Key: lease }).catch(() => undefined);
    throw error;
  }
  const result: IssuedScimCredential = {
    id: issued.id,
    token: issued.token,
    scimUrl: scimUrlOf(input.tenantId),
    displayPrefix: issued.displayPrefix,
    createdAt: issued.createdAt,
  };
  if (issued.previousEndsAt) result.previousTokenEndsAt = issued.previousEndsAt;
  return result;
}

/**
 * Revokes every token of the tenant that still works, including those in a
 * grace period: SCIM requests fail from the commit on. Each metadata delete is
 * conditional, so two concurrent revocations cannot both claim (and audit) the
 * same token. A tenant with no live token: 404.
 */
export async function revokeScimCredentials(
  table: Table,
  input: { tenantId: string; actor: Actor; requestId?: string },
): Promise<{ revoked: string[] }> {
  const tokens = liveTokens(await listScimTokens(table, input.tenantId));
  if (tokens.length === 0) throw new NotFoundError('scim_token.not_found', 'This tenant has no SCIM token to revoke');
  const tx = new Transaction(table);
  for (const token of tokens) {
    tx.delete(keys.scimToken(token.tenantId, token.id), {
      condition: 'attribute_exists(PK)',
      onConditionFailed: () => new NotFoundError('scim_token.not_found', `SCIM token ${token.displayPrefix}… was already revoked`),
    });
    tx.delete(keys.secret(token.hash));
  }
  recordAudit(tx, {
    tenantId: input.tenantId,
    actor: input.actor,
    action: 'scim_token.revoked',
    target: { type: 'scimToken', id: tokens[0]!.id, slug: tokens[0]!.displayPrefix },
    requestId: input.requestId,
    details: { tokens: tokens.map((t) => t.id) },
  });
  await tx.commit();
  return { revoked: tokens.map((t) => t.id) };
}
