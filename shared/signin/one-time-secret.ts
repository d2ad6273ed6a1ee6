/**
 * The one-time secrets of a browser sign-in (its OAuth state, an SSO link's
 * ticket and its confirmation code): random, stored only as their hash with the
 * tenant they belong to (and the user, where one owns them), refused once
 * expired, and spent by the first use in one conditional write. The expiry
 * decides; TTL only cleans up.
 */
import { createHash, randomBytes } from 'node:crypto';
import { isConditionalCheckFailed } from '../storage/aws-errors.js';
import { TTL_ATTRIBUTE } from '../storage/table-definition.js';
import type { Table } from '../storage/table.js';

type Key = { PK: string; SK: string };

export const hashOf = (secret: string) => createHash('sha256').update(secret, 'utf8').digest('hex');

/** Stores a fresh secret's record under `key(hash)` for `ttlSeconds`; answers the secret and when it expires. */
export async function storeOneTimeSecret(
  table: Table,
  key: (hash: string) => Key,
  record: { entity: string; tenantId: string; [field: string]: unknown },
  ttlSeconds: number,
  now: number,
): Promise<{ secret: string; expiresAt: string }> {
  const secret = randomBytes(32).toString('base64url');
  const expiresAt = new Date(now + ttlSeconds * 1000).toISOString();
  await table.put({
    Item: { ...key(hashOf(secret)), ...record, createdAt: new Date(now).toISOString(), expiresAt, [TTL_ATTRIBUTE]: Math.floor(now / 1000) + ttlSeconds + 3600 },
    ConditionExpression: 'attribute_not_exists(PK)',
  });
  return { secret, expiresAt };
}

/**
 * Spends a secret if it is unspent, unexpired and `owner`'s (its tenant, and its
 * user when given): its record, or undefined with nothing changed. A delete
 * cannot return the item on a failed condition check; this marks it used instead.
 */
export async function spendOneTimeSecret<T>(table: Table, key: Key, owner: { tenantId: string; userId?: string }, now: number): Promise<T | undefined> {
  try {
    return await table.update<T>({
      Key: key,
      UpdateExpression: 'SET usedAt = :now',
      ConditionExpression: `attribute_exists(PK) AND tenantId = :tenant AND expiresAt > :now AND attribute_not_exists(usedAt)${owner.userId ? ' AND userId = :user' : ''}`,
      ExpressionAttributeValues: { ':tenant': owner.tenantId, ':now': new Date(now).toISOString(), ...(owner.userId ? { ':user': owner.userId } : {}) },
      ReturnValues: 'ALL_NEW',
    });
  } catch (error) {
    if (isConditionalCheckFailed(error)) return undefined;
    throw error;
  }
}
