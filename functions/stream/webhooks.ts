/**
 * Stream consumer: every audited change becomes a webhook delivery to each
 * subscribed endpoint of its tenant (shared/webhooks/fan-out.ts). Only INSERTs
 * of audit items count; the fan-out is idempotent, so a failed batch is retried
 * whole from its first audit record.
 */
import type { DynamoDBBatchResponse, DynamoDBStreamEvent } from 'aws-lambda';
import type { AttributeValue } from '@aws-sdk/client-dynamodb';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import { logger } from '../../shared/observability/logger.js';
import { table } from '../../shared/storage/table.js';
import { fanOut } from '../../shared/webhooks/fan-out.js';
import { webhookEventOf, type WebhookEvent } from '../../shared/webhooks/webhook-event.js';

export async function handler(event: DynamoDBStreamEvent): Promise<DynamoDBBatchResponse> {
  const events: Array<{ sequence: string; event: WebhookEvent }> = [];
  for (const record of event.Records) {
    const image = record.dynamodb?.NewImage;
    if (record.eventName !== 'INSERT' || image?.entity?.S !== 'audit') continue;
    const parsed = webhookEventOf(unmarshall(image as Record<string, AttributeValue>));
    if (parsed) events.push({ sequence: record.dynamodb?.SequenceNumber ?? '', event: parsed });
  }
  if (events.length === 0) return { batchItemFailures: [] };
  try {
    const created = await fanOut(
      table(),
      events.map((e) => e.event),
    );
    if (created.length > 0) logger.info('webhook deliveries created', { events: events.length, deliveries: created.length });
    return { batchItemFailures: [] };
  } catch (error) {
    logger.warn('webhook fan-out failed; the stream will retry the batch', { error: error as Error });
    return { batchItemFailures: [{ itemIdentifier: events[0]!.sequence }] };
  }
}
