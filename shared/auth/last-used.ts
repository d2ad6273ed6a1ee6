/**
 * Records when a token was last used without turning every request into a
 * write: at most one write per item per minute, each conditional on the minute
 * having passed so concurrent requests do not all write. The secret record and
 * the token's metadata are updated side by side (one round trip, not two), each
 * under that condition. A failure here never fails the request.
 */
import { isConditionalCheckFailed } from '../storage/aws-errors.js';
import { keys, type ItemKey } from '../storage/keys.js';
import type { Table } from '../storage/table.js';
import type { SecretRecord } from '../tokens/secret-record.js';
import { logger } from '../observability/logger.js';

export const LAST_USED_RESOLUTION_MS = 60_000;

export async function touchLastUsed(table: Table, secret: SecretRecord, metadataKeys: ItemKey[]): Promise<void> {
  const now = Date.now();
  if (secret.lastUsedAt && now - Date.parse(secret.lastUsedAt) < LAST_USED_RESOLUTION_MS) return;
  const values = { ':at': new Date(now).toISOString(), ':threshold': new Date(now - LAST_USED_RESOLUTION_MS).toISOString() };
  const touches = [keys.secret(secret.hash), ...metadataKeys].map((key) =>
    table.update({
      Key: key,
      UpdateExpression: 'SET lastUsedAt = :at',
      ConditionExpression: 'attribute_exists(PK) AND (attribute_not_exists(lastUsedAt) OR lastUsedAt < :threshold)',
      ExpressionAttributeValues: values,
    }),
  );
  for (const outcome of await Promise.allSettled(touches)) {
    if (outcome.status === 'rejected' && !isConditionalCheckFailed(outcome.reason)) {
      logger.warn('Could not record token use', { error: outcome.reason as Error });
    }
  }
}
