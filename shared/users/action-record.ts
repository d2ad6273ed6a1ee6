/**
 * The stored side of an invite or a password reset: the record (hash, nonce,
 * expiry, `usedAt` once redeemed) in the user's collection and the secret record
 * that finds it by the token's hash. Redemption is single-use by condition:
 * the secret record and the record must both be unused, and the record unexpired,
 * in the same transaction as the change the token authorises.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { keys, type ItemKey } from '../storage/keys.js';
import { TTL_ATTRIBUTE } from '../storage/table-definition.js';
import type { Table } from '../storage/table.js';
import type { Transaction } from '../storage/transaction.js';
import { secretItem, isExpired, type SecretRecord } from '../tokens/secret-record.js';
import { hashSecret, isWellFormedSecret, sameDigest } from '../tokens/secret-token.js';
import { ACTION_TTL_SECONDS, deriveActionToken, unusableToken, type ActionKind } from './action-token.js';

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
  origin: Pick<ActionRecord, 'requestId' | 'createdUser'> = {},
): { record: ActionRecord; token: string } {
  const id = randomUUID();
  const nonce = randomBytes(16).toString('base64url');
  const secret = deriveActionToken(kind, id, nonce);
  const expiresAt = new Date(now.getTime() + ACTION_TTL_SECONDS[kind] * 1000).toISOString();
  const record: ActionRecord = { id, kind, tenantId, userId, nonce, hash: secret.hash, createdAt: now.toISOString(), expiresAt, ...origin };
  // One invite per user: a new one replaces the old, whose secret record is left to expire unmatched.
  tx.put({ ...actionRecordKey(record), entity: `${kind}Record`, ...record, [TTL_ATTRIBUTE]: ttlOf(expiresAt) });
  tx.put(secretItem({ kind, hash: secret.hash, tenantId, tokenId: id, userId, expiresAt }));
  return { record, token: secret.token };
}

const ttlOf = (expiresAt: string) => Math.floor(Date.parse(expiresAt) / 1000) + 86_400;

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

/** Adds the single-use redemption of `record` to `tx` (the secret record goes, `usedAt` is set). */
export function addRedemption(tx: Transaction, record: ActionRecord, now = new Date()): void {
  // The secret record stays (marked used) until TTL, so a second use is told "already used", not "forged".
  tx.update(keys.secret(record.hash), 'SET usedAt = :now', {
    condition: 'attribute_exists(PK) AND attribute_not_exists(usedAt)',
    values: { ':now': now.toISOString() },
    onConditionFailed: (blocking) => unusableToken(record.kind, blocking ? 'used' : 'invalid'),
  });
  tx.update(actionRecordKey(record), 'SET usedAt = :now', {
    condition: 'attribute_exists(PK) AND #id = :id AND attribute_not_exists(usedAt) AND expiresAt > :now',
    names: { '#id': 'id' },
    values: { ':now': now.toISOString(), ':id': record.id },
    onConditionFailed: (blocking) =>
      blocking?.usedAt ? unusableToken(record.kind, 'used') : blocking && blocking.id === record.id ? unusableToken(record.kind, 'expired') : unusableToken(record.kind, 'invalid'),
  });
}
