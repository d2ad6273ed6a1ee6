/**
 * Converts records read with the DynamoDB Streams SDK into the shape Lambda
 * delivers in a `DynamoDBStreamEvent`: the same field names, but the creation
 * time in epoch seconds, binary attributes as base64 strings, and the event
 * source ARN on every record.
 */
import type { AttributeValue as SdkAttributeValue, _Record as SdkRecord } from '@aws-sdk/client-dynamodb-streams';
import type { AttributeValue, DynamoDBRecord } from 'aws-lambda';

/** One stream record as a Lambda event source mapping would deliver it. */
export function lambdaStreamRecord(record: SdkRecord, streamArn: string, region: string): DynamoDBRecord {
  const data = record.dynamodb ?? {};
  const out: DynamoDBRecord = {
    eventID: record.eventID,
    eventName: record.eventName,
    eventVersion: record.eventVersion,
    eventSource: record.eventSource ?? 'aws:dynamodb',
    awsRegion: region,
    eventSourceARN: streamArn,
    dynamodb: {
      ApproximateCreationDateTime:
        data.ApproximateCreationDateTime === undefined ? undefined : Math.floor(new Date(data.ApproximateCreationDateTime).getTime() / 1000),
      Keys: image(data.Keys),
      NewImage: image(data.NewImage),
      OldImage: image(data.OldImage),
      SequenceNumber: data.SequenceNumber,
      SizeBytes: data.SizeBytes,
      StreamViewType: data.StreamViewType,
    },
  };
  if (record.userIdentity) out.userIdentity = { type: record.userIdentity.Type, principalId: record.userIdentity.PrincipalId };
  for (const key of Object.keys(out.dynamodb!) as Array<keyof NonNullable<DynamoDBRecord['dynamodb']>>) {
    if (out.dynamodb![key] === undefined) delete out.dynamodb![key];
  }
  return out;
}

function image(item: Record<string, SdkAttributeValue> | undefined): Record<string, AttributeValue> | undefined {
  if (!item) return undefined;
  return Object.fromEntries(Object.entries(item).map(([name, value]) => [name, attribute(value)]));
}

function attribute(value: SdkAttributeValue): AttributeValue {
  if (value.S !== undefined) return { S: value.S };
  if (value.N !== undefined) return { N: value.N };
  if (value.B !== undefined) return { B: base64(value.B) };
  if (value.BOOL !== undefined) return { BOOL: value.BOOL };
  if (value.NULL !== undefined) return { NULL: value.NULL };
  if (value.SS !== undefined) return { SS: value.SS };
  if (value.NS !== undefined) return { NS: value.NS };
  if (value.BS !== undefined) return { BS: value.BS.map(base64) };
  if (value.L !== undefined) return { L: value.L.map(attribute) };
  if (value.M !== undefined) return { M: image(value.M)! };
  // The Streams client deserializes an empty map (`M: {}`) to `{}`: no other value arrives with no member.
  if (Object.keys(value).length === 0) return { M: {} };
  throw new Error(`Unknown attribute value type: ${Object.keys(value).join(', ')}`);
}

const base64 = (bytes: Uint8Array): string => Buffer.from(bytes).toString('base64');
