import { describe, expect, it } from 'vitest';
import type { _Record } from '@aws-sdk/client-dynamodb-streams';
import { lambdaStreamRecord } from '../../infra/local/stream-records.js';

describe('lambdaStreamRecord', () => {
  it('regression: an empty map, which the Streams client hands over as {}, is delivered as { M: {} }', () => {
    const record = {
      eventID: 'e1',
      eventName: 'INSERT',
      dynamodb: {
        Keys: { PK: { S: 'p' }, SK: { S: 's' } },
        NewImage: { PK: { S: 'p' }, data: {}, nested: { L: [{}, { NULL: true }] } },
        SequenceNumber: '1',
      },
    } as unknown as _Record;
    const out = lambdaStreamRecord(record, 'arn:stream', 'us-east-1');
    expect(out.dynamodb?.NewImage).toEqual({ PK: { S: 'p' }, data: { M: {} }, nested: { L: [{ M: {} }, { NULL: true }] } });
  });
});
