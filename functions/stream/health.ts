/**
 * Stream consumer: the Provisioning page's health items kept from audit items
 * (shared/health/audit-counting.ts): SCIM creates counted per tenant and hour,
 * the last refused sign-in noted. Idempotent under redelivery, so a failed batch
 * is simply thrown and retried whole.
 */
import type { DynamoDBStreamEvent } from 'aws-lambda';
import type { AttributeValue } from '@aws-sdk/client-dynamodb';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import { countAuditRecords, type AuditRecord } from '../../shared/health/audit-counting.js';
import { table } from '../../shared/storage/table.js';

export async function handler(event: DynamoDBStreamEvent): Promise<void> {
  const records: AuditRecord[] = [];
  for (const record of event.Records) {
    const image = record.dynamodb?.NewImage;
    const sequence = record.dynamodb?.SequenceNumber;
    if (record.eventName !== 'INSERT' || image?.entity?.S !== 'audit' || !sequence) continue;
    records.push({ sequence, item: unmarshall(image as Record<string, AttributeValue>) });
  }
  if (records.length > 0) await countAuditRecords(table(), records);
}
