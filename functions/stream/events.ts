/**
 * Stream consumer: every audited change is put on the service's EventBridge bus
 * as its domain event (shared/events/domain-event.ts), `source`
 * `provisioning-service`, `detail-type` the event type. Only INSERTs of audit
 * items count (the mapping's filter says so too). Entries the bus keeps
 * refusing are reported as a partial batch failure from the first of them, so
 * the stream redelivers from there: at least once, deduplicated by event id.
 */
import type { DynamoDBBatchResponse, DynamoDBStreamEvent } from 'aws-lambda';
import type { AttributeValue } from '@aws-sdk/client-dynamodb';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import { env } from '../../shared/config/env.js';
import { domainEventFromAuditItem } from '../../shared/events/domain-event.js';
import { logger } from '../../shared/observability/logger.js';
import { eventBridgeClient, putAll, putEventsEntry } from '../../shared/streams/event-bus-publisher.js';

export async function handler(event: DynamoDBStreamEvent): Promise<DynamoDBBatchResponse> {
  const busName = env().EVENT_BUS_NAME;
  if (!busName) throw new Error('EVENT_BUS_NAME is not set: the events consumer has no bus to put events on');
  const sequences: string[] = [];
  const entries = [];
  for (const record of event.Records) {
    const image = record.dynamodb?.NewImage;
    if (record.eventName !== 'INSERT' || image?.entity?.S !== 'audit') continue;
    const domainEvent = domainEventFromAuditItem(unmarshall(image as Record<string, AttributeValue>));
    if (!domainEvent) continue;
    sequences.push(record.dynamodb?.SequenceNumber ?? '');
    entries.push(putEventsEntry(domainEvent, busName));
  }
  if (entries.length === 0) return { batchItemFailures: [] };
  const failed = await putAll(eventBridgeClient(), entries);
  if (failed.length === 0) {
    logger.info('events put on the bus', { events: entries.length });
    return { batchItemFailures: [] };
  }
  logger.warn('the bus refused events after retries; the stream will redeliver them', { events: entries.length, refused: failed.length });
  return { batchItemFailures: [{ itemIdentifier: sequences[failed[0]!]! }] };
}
