/**
 * The loop shared by the outbox consumers: pick the INSERTs of one kind of
 * outbox item out of a stream batch, handle them in order, and report the
 * first failure as a partial batch response so the event source retries from
 * it (records before it are checkpointed; the ones after are redelivered and
 * skip themselves, being idempotent). MODIFY events of the same items (attempt
 * counters, status marks) are ignored, or each failure would feed itself.
 */
import type { DynamoDBBatchResponse, DynamoDBStreamEvent } from 'aws-lambda';
import { logger } from '../../shared/observability/logger.js';
import { handleOutboxItem } from '../../shared/outbox/handle-item.js';
import type { OutboxKind } from '../../shared/outbox/outbox-item.js';
import { keys } from '../../shared/storage/keys.js';
import { table } from '../../shared/storage/table.js';

export async function processOutbox(event: DynamoDBStreamEvent, kind: OutboxKind): Promise<DynamoDBBatchResponse> {
  const { PK: pkPrefix, SK: sk } = keys.outboxItem(kind.name, '');
  for (const record of event.Records) {
    const pk = record.dynamodb?.Keys?.PK?.S;
    if (record.eventName !== 'INSERT' || !pk?.startsWith(pkPrefix) || record.dynamodb?.Keys?.SK?.S !== sk) continue;
    const id = pk.slice(pkPrefix.length);
    try {
      const outcome = await handleOutboxItem(table(), kind, id);
      logger.info('outbox item processed', { pk, outcome });
    } catch (error) {
      logger.warn('outbox item failed; the stream will retry it', { pk, error: error as Error });
      return { batchItemFailures: [{ itemIdentifier: record.dynamodb?.SequenceNumber ?? '' }] };
    }
  }
  return { batchItemFailures: [] };
}
