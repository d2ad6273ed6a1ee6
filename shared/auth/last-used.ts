/**
 * Records when a token was last used without turning every request into a
 * write: at most one write per token per minute, conditional so concurrent
 * requests do not all write. A failure here never fails the request.
 */
import { keys, type ItemKey } from '../storage/keys.js';
import type { Table } from '../storage/table.js';
import type { SecretRecord } from '../tokens/secret-record.js';
import { logger } from '../http/logger.js';

export const LAST_USED_RESOLUTION_MS = 60_000;

export async function touchLastUsed(table: Table, secret: SecretRecord, metadataKeys: ItemKey[]): Promise<void> {
  const now = Date.now();
  if (secret.lastUsedAt && now - Date.parse(secret.lastUsedAt) < LAST_USED_RESOLUTION_MS) return;
  const at = new Date(now).toISOString();
  const threshold = new Date(now - LAST_USED_RESOLUTION_MS).toISOString();
  try {
    await table.update({
      Key: keys.secret(secret.hash),
      UpdateExpression: 'SET lastUsedAt = :at',
      ConditionExpression: 'attribute_exists(PK) AND (attribute_not_exists(lastUsedAt) OR lastUsedAt < :threshold)',
      ExpressionAttributeValues: { ':at': at, ':threshold': threshold },
    });
    await Promise.all(
      metadataKeys.map((key) =>
        table.update({
          Key: key,
          UpdateExpression: 'SET lastUsedAt = :at',
          ConditionExpression: 'attribute_exists(PK)',
          ExpressionAttributeValues: { ':at': at },
        }),
      ),
    );
  } catch (error) {
    if ((error as { name?: string }).name !== 'ConditionalCheckFailedException') {
      logger.warn('Could not record token use', { error: error as Error });
    }
  }
}
