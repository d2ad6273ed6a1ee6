/**
 * SCIM bearer tokens of a tenant. Issuing a token ends the previous ones at once,
 * or after a grace period (at most 24 h) so an IdP can be reconfigured without a
 * gap. Metadata lives in the tenant's partition; the secret record is keyed by hash.
 *
 * A change to the set (issue, revoke) reads the tokens and writes from what it
 * read, so two at once could each leave its own token active, or a rotation
 * could put back, in its grace period, a token revoked after it read. The set
 * has a version item beside the tokens, read by the same Query: every change
 * bumps it in its transaction, conditioned on the version it read, so of two
 * overlapping changes the second commits nothing and is told to reload.
 */
import { randomUUID } from 'node:crypto';
import { ConflictError } from '../errors/app-error.js';
import { keys } from '../storage/keys.js';
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

const TOKEN_ENTITY = 'scimToken';
const SET_ENTITY = 'scimTokenSet';

const scimTokenItem = (t: ScimToken) => ({ ...keys.scimToken(t.tenantId, t.id), entity: TOKEN_ENTITY, ...t });

export interface ScimTokenSet {
  tokens: ScimToken[];
  /** 0 before the set's first change. */
  version: number;
}

/** The tenant's tokens and the set's version, in one Query. */
export async function readScimTokenSet(table: Table, tenantId: string): Promise<ScimTokenSet> {
  // Bounded: a tenant has one current token and at most a few in their grace period.
  const items = await table.queryAll<ScimToken & { PK: string; SK: string; entity: string; version?: number }>({
    KeyConditionExpression: 'PK = :pk AND begins_with(SK, :prefix)',
    ExpressionAttributeValues: { ':pk': keys.tenantPartition(tenantId), ':prefix': keys.scimTokenPrefix },
  });
  const set = items.find((i) => i.entity === SET_ENTITY);
  const tokens = items.filter((i) => i.entity === TOKEN_ENTITY).map(({ PK: _p, SK: _s, entity: _e, ...t }) => t);
  return { tokens, version: set?.version ?? 0 };
}

export async function listScimTokens(table: Table, tenantId: string): Promise<ScimToken[]> {
  return (await readScimTokenSet(table, tenantId)).tokens;
}

/** The tokens of a set that still work, newest first; ended ones go even before TTL removes them. */
export const liveScimTokens = (tokens: ScimToken[], now = Date.now()): ScimToken[] =>
  tokens.filter((t) => !t.expiresAt || Date.parse(t.expiresAt) > now).sort((a, b) => b.createdAt.localeCompare(a.createdAt));

/** Another change to the tenant's SCIM tokens committed between this one's read and its write. */
export class ScimTokensChangedError extends ConflictError {
  constructor() {
    super('scim_token.rotation_in_progress', "Another admin changed this tenant's SCIM tokens at the same moment; reload and try again");
  }
}

/** Adds the set's next version to a change's transaction, on condition nobody changed the set since `read`. */
export function claimScimTokenSet(tx: Transaction, tenantId: string, read: ScimTokenSet): void {
  tx.put(
    { ...keys.scimTokenSet(tenantId), entity: SET_ENTITY, version: read.version + 1 },
    read.version === 0
      ? { condition: 'attribute_not_exists(PK)', onConditionFailed: () => new ScimTokensChangedError() }
      : { condition: 'version = :read', values: { ':read': read.version }, onConditionFailed: () => new ScimTokensChangedError() },
  );
}

/**
 * Adds the end of a token to a transaction: now, or at `expiresAt`. A token
 * given a grace period must still exist: a put would otherwise bring back one
 * deleted since it was read.
 */
export function endScimToken(tx: Transaction, token: ScimToken, expiresAt?: string): void {
  if (!expiresAt) {
    tx.delete(keys.scimToken(token.tenantId, token.id));
    tx.delete(keys.secret(token.hash));
    return;
  }
  tx.put(scimTokenItem({ ...token, expiresAt }), { condition: 'attribute_exists(PK)', onConditionFailed: () => new ScimTokensChangedError() });
  tx.put(secretItem({ kind: 'scim', hash: token.hash, tenantId: token.tenantId, tokenId: token.id, expiresAt }));
}

/** When `token` ends under a rotation ending older tokens at `rotationEnd` (undefined: now). */
function endOf(token: ScimToken, rotationEnd: string | undefined): string | undefined {
  if (!rotationEnd) return undefined;
  return token.expiresAt && Date.parse(token.expiresAt) <= Date.parse(rotationEnd) ? token.expiresAt : rotationEnd;
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
 * Issues a new SCIM token for the tenant, ending every older one now or after
 * `graceSeconds`, whichever comes first for it: a token already in its grace
 * period keeps an earlier end and is cut short by a later rotation's shorter one,
 * so `graceSeconds: 0` leaves only the new token working.
 * Two requests beyond what the caller read: the set, and one transaction.
 * Returns the plaintext once.
 */
export async function issueScimToken(
  table: Table,
  input: { tenantId: string; actorId: string; graceSeconds?: number; actor?: Actor; requestId?: string },
): Promise<IssuedScimToken> {
  const read = await readScimTokenSet(table, input.tenantId);
  const existing = liveScimTokens(read.tokens);
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
  // First, so a lost race reads as one (the other items' conditions may fail with it).
  claimScimTokenSet(tx, input.tenantId, read);
  tx.put(scimTokenItem(token));
  tx.put(secretItem({ kind: 'scim', hash: secret.hash, tenantId: token.tenantId, tokenId: token.id }));
  for (const old of existing) {
    const ends = endOf(old, previousEndsAt);
    if (ends === undefined || ends !== old.expiresAt) endScimToken(tx, old, ends);
  }
  recordAudit(tx, {
    tenantId: input.tenantId,
    actor: input.actor ?? { type: 'system', id: input.actorId },
    action: existing.length ? 'scim_token.rotated' : 'scim_token.created',
    target: { type: 'scimToken', id: token.id, slug: token.displayPrefix },
    requestId: input.requestId,
    details: { graceSeconds: grace, previousTokens: existing.map((t) => t.id) },
    data: { token: { id: token.id, displayPrefix: token.displayPrefix }, endedTokens: existing.map((t) => t.id), graceSeconds: grace },
  });
  await tx.commit();
  const issued: IssuedScimToken = { id: token.id, token: secret.token, displayPrefix: token.displayPrefix, createdAt: token.createdAt };
  if (previousEndsAt) issued.previousEndsAt = previousEndsAt;
  return issued;
}
