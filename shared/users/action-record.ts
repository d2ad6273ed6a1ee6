/**
 * The stored side of an invite or a password reset: the record (hash, nonce,
 * expiry, `usedAt` once redeemed) in the user's collection and the secret record
 * that finds it by the token's hash.
 *
 * Redemption is single-use in two conditional writes. First a request claims
 * the record (a claim id and a lease, on condition that it is unused, unexpired
 * and unclaimed), before anything acts on the token; only the claimer goes on
 * to Cognito, so of parallel redemptions exactly one sets a password. Then the
 * claimer spends the token (secret and record marked used, on condition that
 * the claim is still its own) in the same transaction as the change the token
 * authorises. A claimer that fails releases its claim; one that dies leaves it
 * to lapse with its lease.
 */
import { isConditionalCheckFailed } from '../storage/aws-errors.js';
import { randomBytes, randomUUID } from 'node:crypto';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import { keys, type ItemKey } from '../storage/keys.js';
import { TTL_ATTRIBUTE } from '../storage/table-definition.js';
import type { Table } from '../storage/table.js';
import type { Transaction } from '../storage/transaction.js';
import { secretItem, isExpired, type SecretRecord } from '../tokens/secret-record.js';
import { hashSecret, isWellFormedSecret, sameDigest } from '../tokens/secret-token.js';
import { linkGenerationOf, type User } from './user.js';
import { ACTION_TTL_SECONDS, CLAIM_LEASE_SECONDS, deriveActionToken, tokenInUse, unusableToken, type ActionKind } from '../tokens/action-token.js';

export interface ActionRecord {
  id: string;
  kind: ActionKind;
  tenantId: string;
  userId: string;
  nonce: string;
  hash: string;
  createdAt: string;
  expiresAt: string;
  usedAt?: string;
  /** The API request that issued it, so a redelivery of that request is answered without a second mail. */
  requestId?: string;
  /** Whether that request also created the user (its redelivery then answers 201 again). */
  createdUser?: boolean;
  /** The user's link generation when it was issued (./user.ts); absent on records written before: 0. */
  generation?: number;
  /** The request redeeming it now, and until when its claim holds. */
  claimId?: string;
  claimedUntil?: string;
}

/** A record this request claimed: only it may spend the token until the lease ends. */
export interface ClaimedAction {
  record: ActionRecord;
  claimId: string;
}

export const actionRecordKey = (r: Pick<ActionRecord, 'kind' | 'tenantId' | 'userId' | 'id'>): ItemKey =>
  r.kind === 'invite' ? keys.invite(r.tenantId, r.userId) : keys.passwordReset(r.tenantId, r.userId, r.id);

/** Adds a new record and its secret to `tx`; returns the record and its (derived, unstored) token. */
export function addActionRecord(
  tx: Transaction,
  kind: ActionKind,
  tenantId: string,
  userId: string,
  now = new Date(),
  origin: Pick<ActionRecord, 'requestId' | 'createdUser' | 'generation'> = {},
): { record: ActionRecord; token: string } {
  const id = randomUUID();
  const nonce = randomBytes(16).toString('base64url');
  const secret = deriveActionToken(kind, id, nonce);
  const expiresAt = new Date(now.getTime() + ACTION_TTL_SECONDS[kind] * 1000).toISOString();
  const record: ActionRecord = {
    id,
    kind,
    tenantId,
    userId,
    nonce,
    hash: secret.hash,
    createdAt: now.toISOString(),
    expiresAt,
    ...origin,
    generation: origin.generation ?? 0,
  };
  // One invite per user: a new one replaces the old, whose secret record is left to expire unmatched.
  tx.put({ ...actionRecordKey(record), entity: `${kind}Record`, ...record, [TTL_ATTRIBUTE]: ttlOf(expiresAt) });
  tx.put(secretItem({ kind, hash: secret.hash, tenantId, tokenId: id, userId, expiresAt }));
  return { record, token: secret.token };
}

const ttlOf = (expiresAt: string) => Math.floor(Date.parse(expiresAt) / 1000) + 86_400;

/** Whether a change since the link was issued (a password set, a login-email change, a deactivation) ended it. */
export const outdatedFor = (record: Pick<ActionRecord, 'generation'>, user: Pick<User, 'linkGeneration'>): boolean =>
  (record.generation ?? 0) !== linkGenerationOf(user);

/**
 * Reads what a token grants, refusing (400, nothing changed) a malformed, forged,
 * used or expired one. The redemption itself is {@link addRedemption}.
 */
export async function readActionToken(table: Table, kind: ActionKind, token: string): Promise<ActionRecord> {
  if (typeof token !== 'string' || !isWellFormedSecret(token, kind)) throw unusableToken(kind, 'invalid');
  const hash = hashSecret(token);
  const secret = await table.get<SecretRecord>(keys.secret(hash));
  if (!secret || secret.kind !== kind || !secret.userId || !sameDigest(secret.hash, hash)) throw unusableToken(kind, 'invalid');
  const record = await table.get<ActionRecord>(actionRecordKey({ kind, tenantId: secret.tenantId, userId: secret.userId, id: secret.tokenId }));
  if ((secret as { usedAt?: string }).usedAt || (record?.id === secret.tokenId && record.usedAt)) throw unusableToken(kind, 'used');
  if (!record || record.id !== secret.tokenId || !sameDigest(record.hash, hash)) throw unusableToken(kind, 'invalid');
  if (isExpired(secret) || isExpired(record)) throw unusableToken(kind, 'expired');
  return record;
}

/** Why a redemption's condition on the record failed, from the record that blocked it. */
function refusalOf(kind: ActionKind, id: string, claimId: string | undefined, blocking: Record<string, unknown> | undefined, now: string) {
  if (!blocking || blocking.id !== id) return unusableToken(kind, 'invalid');
  if (blocking.usedAt) return unusableToken(kind, 'used');
  if (typeof blocking.expiresAt === 'string' && blocking.expiresAt <= now) return unusableToken(kind, 'expired');
  if (claimId && blocking.claimId !== claimId) return tokenInUse(kind);
  return unusableToken(kind, 'invalid');
}

/**
 * Claims `record` for this request: refused (409 while another request holds an
 * unexpired claim, 400 once used or expired) unless it is unused, unexpired and
 * unclaimed or its claim lapsed. Nothing may act on the token before this.
 */
export async function claimAction(table: Table, record: ActionRecord, now = new Date()): Promise<ClaimedAction> {
  const claimId = randomUUID();
  const at = now.toISOString();
  try {
    await table.update({
      Key: actionRecordKey(record),
      UpdateExpression: 'SET claimId = :claim, claimedUntil = :until',
      ConditionExpression:
        'attribute_exists(PK) AND #id = :id AND attribute_not_exists(usedAt) AND expiresAt > :now AND (attribute_not_exists(claimedUntil) OR claimedUntil <= :now)',
      ExpressionAttributeNames: { '#id': 'id' },
      ExpressionAttributeValues: {
        ':claim': claimId,
        ':until': new Date(now.getTime() + CLAIM_LEASE_SECONDS * 1000).toISOString(),
        ':id': record.id,
        ':now': at,
      },
      ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
    });
  } catch (error) {
    const e = error as { name?: string; Item?: Record<string, never> };
    if (!isConditionalCheckFailed(e)) throw error;
    // The document client leaves the blocking item of a failed condition in wire format.
    throw refusalOf(record.kind, record.id, claimId, e.Item ? unmarshall(e.Item) : undefined, at);
  }
  return { record, claimId };
}

/** Gives a claim up after a failure, so the token can be tried again at once (a lapsed lease does the same later). */
export async function releaseAction(table: Table, claim: ClaimedAction): Promise<void> {
  try {
    await table.update({
      Key: actionRecordKey(claim.record),
      UpdateExpression: 'REMOVE claimId, claimedUntil',
      ConditionExpression: 'claimId = :claim AND attribute_not_exists(usedAt)',
      ExpressionAttributeValues: { ':claim': claim.claimId },
    });
  } catch (error) {
    if (!isConditionalCheckFailed(error)) throw error;
  }
}

/**
 * Adds the single-use redemption of a claimed record to `tx`: the secret record
 * is marked used, and the record too, on condition that the claim is still this
 * request's (a lapsed and retaken claim commits nothing).
 */
export function addClaimedRedemption(tx: Transaction, claim: ClaimedAction, now = new Date()): void {
  addSpending(tx, claim.record, now, claim.claimId);
}

/**
 * Adds the single-use redemption of `record` to `tx` where no link is followed
 * and so nothing was claimed (an invited user's first SSO sign-in spends their invite).
 */
export function addRedemption(tx: Transaction, record: ActionRecord, now = new Date()): void {
  addSpending(tx, record, now);
}

function addSpending(tx: Transaction, record: ActionRecord, now: Date, claimId?: string): void {
  const at = now.toISOString();
  // The secret record stays (marked used) until TTL, so a second use is told "already used", not "forged".
  tx.update(keys.secret(record.hash), 'SET usedAt = :now', {
    condition: 'attribute_exists(PK) AND attribute_not_exists(usedAt)',
    values: { ':now': at },
    onConditionFailed: (blocking) => unusableToken(record.kind, blocking ? 'used' : 'invalid'),
  });
  tx.update(actionRecordKey(record), 'SET usedAt = :now REMOVE claimedUntil', {
    condition: `attribute_exists(PK) AND #id = :id AND attribute_not_exists(usedAt) AND expiresAt > :now${claimId ? ' AND claimId = :claim' : ''}`,
    names: { '#id': 'id' },
    values: { ':now': at, ':id': record.id, ...(claimId ? { ':claim': claimId } : {}) },
    onConditionFailed: (blocking) => refusalOf(record.kind, record.id, claimId, blocking, at),
  });
}
