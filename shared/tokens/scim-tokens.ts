/**
 * SCIM bearer tokens of a tenant. Issuing a token ends the previous ones at once,
 * or after a grace period (at most 24 h) so an IdP can be reconfigured without a
 * gap. Metadata lives in the tenant's partition; the secret record is keyed by hash.
 */
import { randomUUID } from 'node:crypto';
import { keys, type ItemKey } from '../storage/keys.js';
import type { Table } from '../storage/table.js';
import { Transaction } from '../storage/transaction.js';
import { recordAudit, type Actor } from '../audit/audit-event.js';
import { issueSecret } from './secret-token.js';
import { secretItem } from './secret-record.js';

export const MAX_GRACE_SECONDS = 86_400;

export interface ScimToken {
  id: string;
  tenantId: string;
  displayPrefix: string;
  last4: string;
  hash: string;
  createdAt: string;
  createdBy: string;
  /** Set when the token was superseded with a grace period. */
  expiresAt?: string;
  lastUsedAt?: string;
}

const scimTokenItem = (t: ScimToken) => ({ ...keys.scimToken(t.tenantId, t.id), entity: 'scimToken', ...t });

export async function listScimTokens(table: Table, tenantId: string): Promise<ScimToken[]> {
  // Bounded: a tenant has one current token and at most a few in their grace period.
  const items = await table.queryAll<ScimToken & { PK: string; SK: string; entity: string }>({
    KeyConditionExpression: 'PK = :pk AND begins_with(SK, :prefix)',
    ExpressionAttributeValues: { ':pk': keys.tenantPartition(tenantId), ':prefix': keys.scimTokenPrefix },
  });
  return items.map(({ PK: _p, SK: _s, entity: _e, ...t }) => t);
}

/** Adds the end of a token to a transaction: now, or at `expiresAt`. */
export function endScimToken(tx: Transaction, token: ScimToken, expiresAt?: string): void {
  if (!expiresAt) {
    tx.delete(keys.scimToken(token.tenantId, token.id));
    tx.delete(keys.secret(token.hash));
    return;
  }
  tx.put(scimTokenItem({ ...token, expiresAt }));
  tx.put(secretItem({ kind: 'scim', hash: token.hash, tenantId: token.tenantId, tokenId: token.id, expiresAt }));
}

export interface IssuedScimToken {
  id: string;
  /** The plaintext, returned this once. */
  token: string;
  displayPrefix: string;
  createdAt: string;
  previousEndsAt?: string;
}

/**
 * Issues a new SCIM token for the tenant, ending the current ones now or after
 * `graceSeconds`. Returns the plaintext once. `releasing`: a lease the caller
 * holds, deleted in the same transaction so the commit frees it at no extra request.
 */
export async function issueScimToken(
  table: Table,
  input: { tenantId: string; actorId: string; graceSeconds?: number; actor?: Actor; requestId?: string; releasing?: ItemKey },
): Promise<IssuedScimToken> {
  const existing = (await listScimTokens(table, input.tenantId)).filter((t) => !t.expiresAt || Date.parse(t.expiresAt) > Date.now());
  const secret = issueSecret('scim');
  const token: ScimToken = {
    id: randomUUID(),
    tenantId: input.tenantId,
    displayPrefix: secret.displayPrefix,
    last4: secret.last4,
    hash: secret.hash,
    createdAt: new Date().toISOString(),
    createdBy: input.actorId,
  };
  const grace = Math.min(Math.max(input.graceSeconds ?? 0, 0), MAX_GRACE_SECONDS);
  const previousEndsAt = grace > 0 ? new Date(Date.now() + grace * 1000).toISOString() : undefined;
  const tx = new Transaction(table);
  tx.put(scimTokenItem(token));
  tx.put(secretItem({ kind: 'scim', hash: secret.hash, tenantId: token.tenantId, tokenId: token.id }));
  for (const old of existing) {
    // A token already in its grace period keeps its earlier end.
    endScimToken(tx, old, old.expiresAt ?? previousEndsAt);
  }
  recordAudit(tx, {
    tenantId: input.tenantId,
    actor: input.actor ?? { type: 'system', id: input.actorId },
    action: existing.length ? 'scim_token.rotated' : 'scim_token.created',
    target: { type: 'scimToken', id: token.id, slug: token.displayPrefix },
    requestId: input.requestId,
    details: { graceSeconds: grace, previousTokens: existing.map((t) => t.id) },
  });
  if (input.releasing) tx.delete(input.releasing);
  await tx.commit();
  const issued: IssuedScimToken = { id: token.id, token: secret.token, displayPrefix: token.displayPrefix, createdAt: token.createdAt };
  if (previousEndsAt) issued.previousEndsAt = previousEndsAt;
  return issued;
}
