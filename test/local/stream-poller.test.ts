/**
 * Connected: the stream poller delivers the table stream to a consumer as an
 * event source mapping would: Lambda's record shape, in order, the same batch
 * again while the handler throws, and from the failed record after a partial
 * batch response. It reads a table of its own, so other files' writes stay out.
 */
import { randomUUID } from 'node:crypto';
import { subscribe, unsubscribe } from 'node:diagnostics_channel';
import type { ClientRequest } from 'node:http';
import { setTimeout as sleep } from 'node:timers/promises';
import { DynamoDBClient, PutItemCommand, UpdateItemCommand } from '@aws-sdk/client-dynamodb';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { ensureTable } from '../../infra/local/create-table.js';
import { LOCAL_CREDENTIALS, LOCAL_REGION } from '../../infra/local/local-env.js';
import { SHARD_LIST_MAX_AGE_MS, startStreamPoller, type BatchOutcome, type RunningStreamPoller } from '../../infra/local/stream-poller.js';
import { testDynamoDb } from '../support/dynamodb.js';
import { recordingConsumerState } from './fixtures/recording-consumer.js';

const { endpoint } = testDynamoDb();
const tableName = `stream-${randomUUID().slice(0, 8)}`;
const client = new DynamoDBClient({ endpoint, region: LOCAL_REGION, credentials: LOCAL_CREDENTIALS });
const outcomes: BatchOutcome[] = [];
const state = recordingConsumerState();
let streamArn: string;
let poller: RunningStreamPoller;

beforeAll(async () => {
  ({ streamArn } = await ensureTable(client, tableName));
  poller = startStreamPoller({
    endpoint,
    streamArn,
    consumers: [{ name: 'recording', handler: 'test/local/fixtures/recording-consumer.ts' }],
    pollIntervalMs: 50,
    retryDelay: { initialMs: 20, maxMs: 100 },
    onBatch: (outcome) => outcomes.push(outcome),
  });
});
afterAll(async () => {
  await poller.stop();
  client.destroy();
});
beforeEach(() => {
  state.batches.length = 0;
  state.throwTimes = 0;
  outcomes.length = 0;
});

const put = (pk: string, attributes: Record<string, { S: string } | { B: Uint8Array }> = {}) =>
  client.send(new PutItemCommand({ TableName: tableName, Item: { PK: { S: pk }, SK: { S: 'ITEM' }, ...attributes } }));

/** Every PK delivered so far, in delivery order (retries included). */
const deliveredKeys = () => state.batches.flatMap((b) => b.Records.map((r) => r.dynamodb?.Keys?.PK?.S));

describe('stream poller', () => {
  it("delivers a put item's record in Lambda's shape", async () => {
    await put('item-1', { name: { S: 'one' }, blob: { B: new Uint8Array([1, 2, 3]) } });
    await expect.poll(deliveredKeys, { timeout: 10_000 }).toContain('item-1');
    const record = state.batches.flatMap((b) => b.Records).find((r) => r.dynamodb?.Keys?.PK?.S === 'item-1')!;
    expect(record).toMatchObject({
      eventName: 'INSERT',
      eventSource: 'aws:dynamodb',
      eventVersion: '1.1',
      awsRegion: LOCAL_REGION,
      eventSourceARN: streamArn,
      dynamodb: {
        Keys: { PK: { S: 'item-1' }, SK: { S: 'ITEM' } },
        NewImage: { PK: { S: 'item-1' }, name: { S: 'one' }, blob: { B: 'AQID' } },
        StreamViewType: 'NEW_AND_OLD_IMAGES',
      },
    });
    expect(typeof record.dynamodb!.ApproximateCreationDateTime).toBe('number');
    expect(record.dynamodb!.SequenceNumber).toMatch(/^\d+$/);
  });

  it('retries the same batch while the handler throws, then moves on', async () => {
    state.throwTimes = 2;
    await put('retry-1');
    await expect.poll(() => outcomes.map((o) => o.outcome), { timeout: 10_000 }).toEqual(['error', 'error', 'ok']);
    const [first, second, third] = state.batches.map((b) => b.Records.map((r) => r.eventID));
    expect(second).toEqual(first);
    expect(third).toEqual(first);
    expect(outcomes.map((o) => o.attempt)).toEqual([1, 2, 3]);

    await put('after-retry');
    await expect.poll(deliveredKeys, { timeout: 10_000 }).toContain('after-retry');
    expect(deliveredKeys().filter((k) => k === 'retry-1')).toHaveLength(3);
  });

  it('retries from the failed record after a partial batch response', async () => {
    // A poller of its own on a table written before it starts, so the three records arrive as one batch.
    const table = `stream-${randomUUID().slice(0, 8)}`;
    const { streamArn: arn } = await ensureTable(client, table);
    for (const pk of ['partial-1', 'partial-2', 'partial-3']) {
      await client.send(new PutItemCommand({ TableName: table, Item: { PK: { S: pk }, SK: { S: 'ITEM' } } }));
    }
    state.failOncePk = 'partial-2';
    const own: BatchOutcome[] = [];
    const second = startStreamPoller({
      endpoint,
      streamArn: arn,
      consumers: [{ name: 'recording-partial', handler: 'test/local/fixtures/recording-consumer.ts' }],
      pollIntervalMs: 50,
      retryDelay: { initialMs: 20, maxMs: 100 },
      onBatch: (outcome) => own.push(outcome),
    });
    try {
      await expect.poll(() => own.map((o) => o.outcome), { timeout: 10_000 }).toEqual(['partial', 'ok']);
      expect(state.batches.map((b) => b.Records.map((r) => r.dynamodb?.Keys?.PK?.S))).toEqual([
        ['partial-1', 'partial-2', 'partial-3'],
        ['partial-2', 'partial-3'],
      ]);
    } finally {
      await second.stop();
    }
  });

  it('does not invoke a consumer for the records its filter refuses, and reads past them', async () => {
    const table = `stream-${randomUUID().slice(0, 8)}`;
    const { streamArn: arn } = await ensureTable(client, table);
    const write = (pk: string) => client.send(new PutItemCommand({ TableName: table, Item: { PK: { S: pk }, SK: { S: 'ITEM' } } }));
    await write('other#1');
    await write('keep#1');
    // A MODIFY of a kept key: refused by the eventName half of the filter.
    await client.send(
      new UpdateItemCommand({
        TableName: table,
        Key: { PK: { S: 'keep#1' }, SK: { S: 'ITEM' } },
        UpdateExpression: 'SET n = :n',
        ExpressionAttributeValues: { ':n': { N: '1' } },
      }),
    );
    await write('other#2');
    const own: BatchOutcome[] = [];
    const filtered = startStreamPoller({
      endpoint,
      streamArn: arn,
      consumers: [
        {
          name: 'recording-filtered',
          handler: 'test/local/fixtures/recording-consumer.ts',
          filter: { eventName: ['INSERT'], dynamodb: { Keys: { PK: { S: [{ prefix: 'keep#' }] } } } },
        },
      ],
      pollIntervalMs: 50,
      retryDelay: { initialMs: 20, maxMs: 100 },
      onBatch: (outcome) => own.push(outcome),
    });
    try {
      await expect.poll(deliveredKeys, { timeout: 10_000 }).toEqual(['keep#1']);
      // Records after refused ones still arrive: the position moved past them.
      await write('other#3');
      await write('keep#2');
      await expect.poll(deliveredKeys, { timeout: 10_000 }).toEqual(['keep#1', 'keep#2']);
      expect(state.batches.flatMap((b) => b.Records.map((r) => r.eventName))).toEqual(['INSERT', 'INSERT']);
      expect(own.every((o) => o.outcome === 'ok')).toBe(true);
    } finally {
      await filtered.stop();
    }
  });

  it('lists the shards once for all its consumers, and again only when a shard ends or the list is old', async () => {
    const table = `stream-${randomUUID().slice(0, 8)}`;
    const { streamArn: arn } = await ensureTable(client, table);
    // The stream's first shard, with a record no consumer below accepts.
    await client.send(new PutItemCommand({ TableName: table, Item: { PK: { S: 'refused#1' }, SK: { S: 'ITEM' } } }));
    const operations: string[] = [];
    const count = (message: unknown) => {
      const target = (message as { request: ClientRequest }).request.getHeader('x-amz-target');
      if (typeof target === 'string') operations.push(target.split('.')[1]!);
    };
    subscribe('http.client.request.start', count);
    const started = Date.now();
    const idle = startStreamPoller({
      endpoint,
      streamArn: arn,
      consumers: [1, 2, 3].map((n) => ({ name: `idle-${n}`, handler: 'test/local/fixtures/recording-consumer.ts', filter: { eventName: ['REMOVE'] } })),
      pollIntervalMs: 20,
    });
    try {
      await expect.poll(() => operations.filter((o) => o === 'GetRecords').length, { timeout: 30_000 }).toBeGreaterThanOrEqual(90);
    } finally {
      await idle.stop();
      unsubscribe('http.client.request.start', count);
    }
    const elapsed = Date.now() - started;
    // Two pollers read in this window (this one and the file's): each lists at its start and once per max age after.
    expect(operations.filter((o) => o === 'DescribeStream').length).toBeLessThanOrEqual(2 * (1 + Math.ceil(elapsed / SHARD_LIST_MAX_AGE_MS)));
    expect(state.batches).toEqual([]);
  });

  it('leaves the reading of an idle tail to one reader for all its consumers', async () => {
    const { streamArn: arn } = await ensureTable(client, `stream-${randomUUID().slice(0, 8)}`);
    let reads = 0;
    const count = (message: unknown) => {
      if ((message as { request: ClientRequest }).request.getHeader('x-amz-target') === 'DynamoDBStreams_20120810.GetRecords') reads++;
    };
    const idle = startStreamPoller({
      endpoint,
      streamArn: arn,
      consumers: [1, 2, 3].map((n) => ({ name: `idle-${n}`, handler: 'test/local/fixtures/recording-consumer.ts' })),
      pollIntervalMs: 20,
    });
    try {
      await sleep(500);
      subscribe('http.client.request.start', count);
      const started = Date.now();
      await sleep(3_000);
      const seconds = (Date.now() - started) / 1000;
      unsubscribe('http.client.request.start', count);
      // At most one read per interval for this poller's tail and one for the file's poller
      // (50 ms), where each consumer reading for itself makes three for this one.
      expect(reads).toBeLessThanOrEqual(seconds * (1000 / 20 + 1000 / 50));
      expect(reads).toBeGreaterThan(0);
    } finally {
      unsubscribe('http.client.request.start', count);
      await idle.stop();
    }
  });

  it('wakes every waiting consumer for a record written while all of them wait', async () => {
    const table = `stream-${randomUUID().slice(0, 8)}`;
    const { streamArn: arn } = await ensureTable(client, table);
    const waiting = startStreamPoller({
      endpoint,
      streamArn: arn,
      consumers: [1, 2].map((n) => ({ name: `waiting-${n}`, handler: 'test/local/fixtures/recording-consumer.ts' })),
      pollIntervalMs: 20,
      // Were a wake missed, the record would wait this long: far past the poll below.
      idleRecheckMs: 20_000,
    });
    const deliveries = (pk: string) => state.batches.filter((b) => b.Records.some((r) => r.dynamodb?.Keys?.PK?.S === pk)).length;
    try {
      for (const [n, pause] of [0, 50, 300, 700, 130].entries()) {
        await sleep(pause);
        const pk = `wake#${n}`;
        await client.send(new PutItemCommand({ TableName: table, Item: { PK: { S: pk }, SK: { S: 'ITEM' } } }));
        await expect.poll(() => deliveries(pk), { timeout: 10_000, interval: 20 }).toBe(2);
      }
      // Stopped while its consumers read a record: none of them waits out the recheck after the stop.
      await client.send(new PutItemCommand({ TableName: table, Item: { PK: { S: 'wake#last' }, SK: { S: 'ITEM' } } }));
      await sleep(30);
      const stopping = Date.now();
      await waiting.stop();
      expect(Date.now() - stopping).toBeLessThan(10_000);
    } finally {
      await waiting.stop();
    }
  });
});
