/**
 * The SCIM credential of a tenant as its admins manage it: generate (shown once,
 * ending the previous token now or after a grace period), inspect (metadata
 * only), revoke. Only hashes are stored (`shared/tokens/scim-tokens.ts`); every
 * step writes its audit event in the same transaction as the change.
 */
import { recordAudit, type Actor } from '../audit/audit-event.js';
import { NotFoundError } from '../errors/app-error.js';
import { keys } from '../storage/keys.js';
import type { Table } from '../storage/table.js';
import { Transaction } from '../storage/transaction.js';
import { claimScimTokenSet, issueScimToken, listScimTokens, liveScimTokens, readScimTokenSet, type ScimToken } from '../tokens/scim-tokens.js';
import { scimBaseUrl } from '../config/public-urls.js';

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
  return liveScimTokens(await listScimTokens(table, tenantId)).map(scimTokenMetadata);
}

/**
 * Issues a new token (see {@link issueScimToken}); the previous ones end now or
 * after `graceSeconds` (≤ 24 h). Of two rotations at once, the second is a 409
 * that changes nothing.
 */
export async function generateScimCredential(
  table: Table,
  input: { tenantId: string; actor: Actor; graceSeconds?: number; requestId?: string },
): Promise<IssuedScimCredential> {
  const issued = await issueScimToken(table, {
    tenantId: input.tenantId,
    actorId: input.actor.id,
    actor: input.actor,
    graceSeconds: input.graceSeconds,
    requestId: input.requestId,
  });
  const result: IssuedScimCredential = {
    id: issued.id,
    token: issued.token,
    scimUrl: scimBaseUrl(input.tenantId),
    displayPrefix: issued.displayPrefix,
    createdAt: issued.createdAt,
  };
  if (issued.previousEndsAt) result.previousTokenEndsAt = issued.previousEndsAt;
  return result;
}

/**
 * Revokes every token of the tenant that still works, including those in a
 * grace period: SCIM requests fail from the commit on. A revocation overlapping
 * another change of the tokens commits nothing (409); a tenant with no live
 * token is a 404.
 */
export async function revokeScimCredentials(table: Table, input: { tenantId: string; actor: Actor; requestId?: string }): Promise<{ revoked: string[] }> {
  const read = await readScimTokenSet(table, input.tenantId);
  const tokens = liveScimTokens(read.tokens);
  if (tokens.length === 0) throw new NotFoundError('scim_token.not_found', 'This tenant has no SCIM token to revoke');
  const tx = new Transaction(table);
  // First: when another change overlapped, that is what the admin is told (not "already revoked"
  // about a token a concurrent rotation ended, while the token it issued lives on).
  claimScimTokenSet(tx, input.tenantId, read);
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
    data: { token: { id: tokens[0]!.id, displayPrefix: tokens[0]!.displayPrefix }, endedTokens: tokens.map((t) => t.id) },
  });
  await tx.commit();
  return { revoked: tokens.map((t) => t.id) };
}
