/**
 * The real webhook stream consumer, restricted to the tenants of the test file
 * that runs it: every test file shares one table stream.
 */
import type { DynamoDBStreamEvent } from 'aws-lambda';
import { handler as webhooks } from '../../functions/stream/webhooks.js';

export const PREFIX_VARIABLE = 'WEBHOOKS_SUITE_TENANT_PREFIX';

export function handler(event: DynamoDBStreamEvent) {
  const prefix = process.env[PREFIX_VARIABLE];
  if (!prefix) throw new Error(`${PREFIX_VARIABLE} is not set`);
  return webhooks({ Records: event.Records.filter((r) => tenantOf(r.dynamodb?.NewImage)?.startsWith(prefix)) });
}

/** An audit item stores its tenant in its partition key (`T#<tenant>#AUDIT#<month>`) only. */
const tenantOf = (image: Record<string, { S?: string }> | undefined) => image?.tenantId?.S ?? image?.PK?.S?.replace(/^T#/, '');
