/**
 * Delivers the table's stream to the stream consumers the way a Lambda event
 * source mapping does, so outbox processing behaves locally as deployed:
 * - each consumer reads independently (its own mapping), shard by shard, a child
 *   shard only after its parent is drained, so records of one item stay in order;
 * - a batch is retried, unchanged, with exponential backoff while the handler
 *   throws, and the position advances only on success;
 * - a partial batch response (`batchItemFailures`) checkpoints the records before
 *   the first failed one and retries from it.
 * - a consumer's filter (shared/streams/stream-filter.ts) drops the records its
 *   mapping's filter criteria would: they are never delivered, yet passed over;
 * Unlike AWS, a batch that keeps failing is retried forever instead of going to
 * the DLQ after the configured attempts: locally a stuck consumer should be seen.
 */
import {
  DescribeStreamCommand,
  DynamoDBStreamsClient,
  ExpiredIteratorException,
  GetRecordsCommand,
  GetShardIteratorCommand,
  TrimmedDataAccessException,
  type Shard,
  type _Record,
} from '@aws-sdk/client-dynamodb-streams';
import type { DynamoDBBatchResponse, DynamoDBRecord, DynamoDBStreamEvent } from 'aws-lambda';
import { streamConsumers as consumerTable, type StreamConsumerDefinition } from '../../shared/streams/stream-consumers.js';
import { matchesFilter } from '../../shared/streams/stream-filter.js';
import { STREAM_BATCH_SIZE, STREAM_CONSUMER_TIMEOUT_SECONDS } from '../function-settings.js';
import { invoke, loadHandler, type LambdaHandler } from './lambda-runtime.js';
import { LOCAL_CREDENTIALS, LOCAL_REGION } from './local-env.js';
import { lambdaStreamRecord } from './stream-records.js';
import { StreamCheckpoints } from './stream-checkpoints.js';

/** How old the poller's list of the stream's shards may be when a consumer reads it: a shard opened beside one still open is found within this. */
export const SHARD_LIST_MAX_AGE_MS = 2_000;

export interface StreamPollerOptions {
  /** DynamoDB Local's endpoint (it serves the Streams API too). */
  endpoint: string;
  streamArn: string;
  /** Defaults to the stream-consumer table. */
  consumers?: readonly StreamConsumerDefinition[];
  batchSize?: number;
  /** Pause between reads of an idle stream. */
  pollIntervalMs?: number;
  /** Backoff between retries of a failing batch: doubles from `initialMs` up to `maxMs`. */
  retryDelay?: { initialMs: number; maxMs: number };
  timeoutSeconds?: number;
  /** Where positions survive restarts; absent keeps them in memory. */
  checkpointFile?: string;
  /** Called after every delivery attempt; by default failures are written to stderr, as CloudWatch would show them. */
  onBatch?: (entry: BatchOutcome) => void;
}

/** What happened to one delivery attempt. */
export interface BatchOutcome {
  consumer: string;
  records: number;
  outcome: 'ok' | 'partial' | 'error';
  attempt: number;
  error?: unknown;
}

export interface RunningStreamPoller {
  /** Stops reading; resolves after in-flight deliveries finish. */
  stop(): Promise<void>;
}

type StreamHandler = LambdaHandler<DynamoDBStreamEvent, DynamoDBBatchResponse | void>;

/** Starts one independent reader per consumer; returns at once (reading happens in the background). */
export function startStreamPoller(options: StreamPollerOptions): RunningStreamPoller {
  const client = new DynamoDBStreamsClient({ endpoint: options.endpoint, region: LOCAL_REGION, credentials: LOCAL_CREDENTIALS });
  const checkpoints = new StreamCheckpoints(options.streamArn, options.checkpointFile);
  const shards = new ShardList(client, options.streamArn);
  const stopping = new AbortController();
  const onBatch = options.onBatch ?? logFailure;
  const loops = (options.consumers ?? consumerTable).map((consumer: StreamConsumerDefinition) =>
    new ConsumerLoop(consumer, client, shards, checkpoints, { ...options, onBatch }, stopping.signal).run(),
  );
  return {
    async stop() {
      stopping.abort();
      await Promise.allSettled(loops);
      client.destroy();
    },
  };
}

class ConsumerLoop {
  private readonly iterators = new Map<string, string>();
  private readonly drained = new Set<string>();
  private handler: StreamHandler | undefined;

  constructor(
    private readonly consumer: StreamConsumerDefinition,
    private readonly client: DynamoDBStreamsClient,
    private readonly shards: ShardList,
    private readonly checkpoints: StreamCheckpoints,
    private readonly options: StreamPollerOptions,
    private readonly signal: AbortSignal,
  ) {}

  async run(): Promise<void> {
    let freshListNeeded = false;
    while (!this.signal.aborted) {
      let delivered = false;
      try {
        const readable = readableShards(await this.shards.get({ fresh: freshListNeeded }), this.drained);
        // Nothing to read yet, or a shard read to its end: its children (or a first shard) are in a new list.
        freshListNeeded = readable.length === 0;
        for (const shard of readable) {
          if (this.signal.aborted) return;
          delivered = (await this.pollShard(shard.ShardId!)) || delivered;
          if (this.drained.has(shard.ShardId!)) freshListNeeded = true;
        }
      } catch (error) {
        if (this.signal.aborted) return;
        // A shard may have left the stream (trimmed after 24 hours): the next pass reads a new list.
        freshListNeeded = true;
        this.options.onBatch?.({ consumer: this.consumer.name, records: 0, outcome: 'error', attempt: 0, error });
      }
      if (!delivered) await sleep(this.options.pollIntervalMs ?? 250, this.signal);
    }
  }

  /** Reads one page of a shard and delivers it; true if records were delivered. */
  private async pollShard(shardId: string): Promise<boolean> {
    const iterator = this.iterators.get(shardId) ?? (await this.newIterator(shardId));
    let page;
    try {
      page = await this.client.send(new GetRecordsCommand({ ShardIterator: iterator, Limit: this.options.batchSize ?? STREAM_BATCH_SIZE }));
    } catch (error) {
      this.iterators.delete(shardId);
      if (error instanceof ExpiredIteratorException) return false;
      throw error;
    }
    const records = page.Records ?? [];
    if (records.length > 0 && !(await this.deliver(shardId, records))) return false;
    if (page.NextShardIterator) this.iterators.set(shardId, page.NextShardIterator);
    else {
      this.iterators.delete(shardId);
      this.drained.add(shardId);
    }
    return records.length > 0;
  }

  /** Delivers until the whole batch succeeded (true) or the poller stops (false). */
  private async deliver(shardId: string, sdkRecords: _Record[]): Promise<boolean> {
    const { filter } = this.consumer;
    const all = sdkRecords.map((r) => lambdaStreamRecord(r, this.options.streamArn, LOCAL_REGION));
    let batch = filter ? all.filter((record) => matchesFilter(filter, record)) : all;
    if (batch.length === 0) {
      // As a filtered mapping does: records no filter accepts advance the position without an invocation.
      this.checkpoints.set(this.consumer.name, shardId, all.at(-1)!.dynamodb!.SequenceNumber!);
      return true;
    }
    const retry = this.options.retryDelay ?? { initialMs: 200, maxMs: 10_000 };
    for (let attempt = 1; !this.signal.aborted; attempt++) {
      let failedFrom: number;
      try {
        this.handler ??= await loadHandler<DynamoDBStreamEvent, DynamoDBBatchResponse | void>(this.consumer.handler);
        const response = await invoke(this.consumer.name, this.handler, { Records: batch }, this.options.timeoutSeconds ?? STREAM_CONSUMER_TIMEOUT_SECONDS);
        failedFrom = firstFailedIndex(response, batch);
        if (failedFrom === -1) {
          this.checkpoints.set(this.consumer.name, shardId, all.at(-1)!.dynamodb!.SequenceNumber!);
          this.report(batch.length, 'ok', attempt);
          return true;
        }
        this.report(batch.length, 'partial', attempt);
      } catch (error) {
        failedFrom = 0;
        this.report(batch.length, 'error', attempt, error);
      }
      if (failedFrom > 0) {
        this.checkpoints.set(this.consumer.name, shardId, batch[failedFrom - 1]!.dynamodb!.SequenceNumber!);
        batch = batch.slice(failedFrom);
      }
      await sleep(Math.min(retry.maxMs, retry.initialMs * 2 ** (attempt - 1)), this.signal);
    }
    return false;
  }

  private async newIterator(shardId: string): Promise<string> {
    const after = this.checkpoints.get(this.consumer.name, shardId);
    const request = after ? { ShardIteratorType: 'AFTER_SEQUENCE_NUMBER' as const, SequenceNumber: after } : { ShardIteratorType: 'TRIM_HORIZON' as const };
    try {
      const out = await this.client.send(new GetShardIteratorCommand({ StreamArn: this.options.streamArn, ShardId: shardId, ...request }));
      return out.ShardIterator!;
    } catch (error) {
      // The saved position fell out of the stream's 24-hour window: start from the oldest record left.
      if (!(error instanceof TrimmedDataAccessException) || !after) throw error;
      const out = await this.client.send(
        new GetShardIteratorCommand({ StreamArn: this.options.streamArn, ShardId: shardId, ShardIteratorType: 'TRIM_HORIZON' }),
      );
      return out.ShardIterator!;
    }
  }

  private report(records: number, outcome: BatchOutcome['outcome'], attempt: number, error?: unknown): void {
    this.options.onBatch?.({ consumer: this.consumer.name, records, outcome, attempt, error });
  }
}

/**
 * The stream's shards, listed for all of a poller's consumers at most once per
 * `SHARD_LIST_MAX_AGE_MS` unless one asks for a fresh list. A list changes only
 * when a shard closes, and the consumer reading that shard sees it first (the
 * shard's iterator ends) and asks; DynamoDB Local kept 30,000 writes in one open
 * shard. Listed on every pass of every consumer, the list was half of an idle
 * `npm start`'s requests to DynamoDB Local.
 */
class ShardList {
  private listed: { at: number; shards: Promise<Shard[]> } | undefined;

  constructor(
    private readonly client: DynamoDBStreamsClient,
    private readonly streamArn: string,
  ) {}

  get({ fresh }: { fresh: boolean }): Promise<Shard[]> {
    if (fresh || this.listed === undefined || Date.now() - this.listed.at > SHARD_LIST_MAX_AGE_MS) {
      const shards = this.list();
      const listed = { at: Date.now(), shards };
      this.listed = listed;
      shards.catch(() => {
        if (this.listed === listed) this.listed = undefined;
      });
    }
    return this.listed.shards;
  }

  private async list(): Promise<Shard[]> {
    const shards: Shard[] = [];
    let start: string | undefined;
    do {
      const out = await this.client.send(new DescribeStreamCommand({ StreamArn: this.streamArn, ExclusiveStartShardId: start }));
      shards.push(...(out.StreamDescription?.Shards ?? []));
      start = out.StreamDescription?.LastEvaluatedShardId;
    } while (start);
    return shards;
  }
}

function logFailure(entry: BatchOutcome): void {
  if (entry.outcome === 'ok') return;
  const reason = entry.error instanceof Error ? entry.error.message : entry.outcome === 'partial' ? 'partial batch failure' : String(entry.error);
  console.error(`[stream] ${entry.consumer}: ${entry.records} record(s) failed (attempt ${entry.attempt}): ${reason}`);
}

/** Shards not yet drained whose parent (if still listed) is drained: parents before children. */
function readableShards(shards: Shard[], drained: Set<string>): Shard[] {
  const listed = new Set(shards.map((s) => s.ShardId));
  return shards.filter((s) => !drained.has(s.ShardId!) && (!s.ParentShardId || !listed.has(s.ParentShardId) || drained.has(s.ParentShardId)));
}

/**
 * Index of the first record to retry per a partial batch response, -1 if none.
 * As Lambda does, an identifier that names no record of the batch fails it whole.
 */
function firstFailedIndex(response: DynamoDBBatchResponse | void, batch: DynamoDBRecord[]): number {
  const failures = response?.batchItemFailures ?? [];
  if (failures.length === 0) return -1;
  let first = batch.length;
  for (const failure of failures) {
    const index = batch.findIndex((r) => r.dynamodb?.SequenceNumber === failure.itemIdentifier);
    if (index === -1) return 0;
    first = Math.min(first, index);
  }
  return first;
}

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal.aborted) return resolve();
    const timer = setTimeout(done, ms);
    signal.addEventListener('abort', done, { once: true });
    function done() {
      clearTimeout(timer);
      signal.removeEventListener('abort', done);
      resolve();
    }
  });
}
