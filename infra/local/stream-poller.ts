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

/** How long a consumer that has read every shard to its end waits for the stream's tail reader before reading again itself. */
export const IDLE_RECHECK_MS = 2_000;

export interface StreamPollerOptions {
  /** DynamoDB Local's endpoint (it serves the Streams API too). */
  endpoint: string;
  streamArn: string;
  /** Defaults to the stream-consumer table. */
  consumers?: readonly StreamConsumerDefinition[];
  batchSize?: number;
  /** Pause between reads of an idle stream. */
  pollIntervalMs?: number;
  /** How long a caught-up consumer waits on the tail reader before reading itself (`IDLE_RECHECK_MS`). */
  idleRecheckMs?: number;
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

const DEFAULT_POLL_INTERVAL_MS = 250;

/** Starts one independent reader per consumer; returns at once (reading happens in the background). */
export function startStreamPoller(options: StreamPollerOptions): RunningStreamPoller {
  const client = new DynamoDBStreamsClient({ endpoint: options.endpoint, region: LOCAL_REGION, credentials: LOCAL_CREDENTIALS });
  const checkpoints = new StreamCheckpoints(options.streamArn, options.checkpointFile);
  const shards = new ShardList(client, options.streamArn);
  const stopping = new AbortController();
  const onBatch = options.onBatch ?? logFailure;
  const tail = new StreamTail(client, options.streamArn, shards, options.pollIntervalMs ?? DEFAULT_POLL_INTERVAL_MS, stopping.signal);
  const loops = (options.consumers ?? consumerTable).map((consumer: StreamConsumerDefinition) =>
    new ConsumerLoop(consumer, client, shards, tail, checkpoints, { ...options, onBatch }, stopping.signal).run(),
  );
  return {
    async stop() {
      stopping.abort();
      await Promise.allSettled([...loops, tail.reading]);
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
    private readonly tail: StreamTail,
    private readonly checkpoints: StreamCheckpoints,
    private readonly options: StreamPollerOptions,
    private readonly signal: AbortSignal,
  ) {}

  async run(): Promise<void> {
    let freshListNeeded = false;
    while (!this.signal.aborted) {
      const tailMark = this.tail.mark();
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
      if (delivered) continue;
      // Caught up on every shard: wait for the tail reader to see a record. Otherwise (no shard yet,
      // one just ended, a failed read) read again after the interval, as a mapping polls.
      if (freshListNeeded || tailMark === undefined) await sleep(this.options.pollIntervalMs ?? DEFAULT_POLL_INTERVAL_MS, this.signal);
      else await this.tail.recordsAfter(tailMark, this.options.idleRecheckMs ?? IDLE_RECHECK_MS, this.signal);
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

/** The most records GetRecords returns: the reader keeps up with any burst, reading once per interval. */
const TAIL_PAGE = 1_000;

/**
 * One reader of the stream's tail for all of a poller's consumers. A consumer that
 * has read every shard to its end would otherwise ask for more records every poll
 * interval: five consumers, twenty reads a second of an idle `npm start`, each
 * costing DynamoDB Local a few milliseconds of CPU. It waits here instead, and
 * this reader asks once per interval for them all.
 *
 * No record is slept through: the reader holds iterators on every open shard
 * from before a consumer takes its mark (at LATEST when armed, from a shard's
 * start for a shard found later), so a record written after a consumer's read
 * is one this reader reads later, and counting it wakes every mark before it.
 * After a failed read it arms again and wakes everyone, who read for
 * themselves. A consumer also reads on its own after `IDLE_RECHECK_MS`.
 */
class StreamTail {
  /** Reads that found records (or failed); a consumer waits for it to pass its mark. */
  private sightings = 0;
  private armed = false;
  private readonly iterators = new Map<string, string>();
  private readonly seen = new Set<string>();
  private readonly waiters = new Set<() => void>();
  readonly reading: Promise<void>;

  constructor(
    private readonly client: DynamoDBStreamsClient,
    private readonly streamArn: string,
    private readonly shards: ShardList,
    private readonly intervalMs: number,
    private readonly signal: AbortSignal,
  ) {
    this.reading = this.run();
  }

  /** Where the tail stands before a consumer's read; undefined while the reader is not armed. */
  mark(): number | undefined {
    return this.armed ? this.sightings : undefined;
  }

  /** Resolves once a record after `mark` has been seen, after `maxWaitMs`, or on stop. */
  recordsAfter(mark: number, maxWaitMs: number, signal: AbortSignal): Promise<void> {
    if (this.sightings > mark) return Promise.resolve();
    return sleep(maxWaitMs, signal, this.waiters);
  }

  private async run(): Promise<void> {
    while (!this.signal.aborted) {
      try {
        if (!this.armed) await this.arm();
        if (await this.readOnce()) this.sighted();
      } catch {
        if (this.signal.aborted) return;
        this.armed = false;
        this.iterators.clear();
        this.sighted();
      }
      await sleep(this.intervalMs, this.signal);
    }
  }

  /** Iterators at LATEST on every open shard; shards found after this are read from their start. */
  private async arm(): Promise<void> {
    for (const shard of await this.shards.get({ fresh: true })) {
      this.seen.add(shard.ShardId!);
      if (shard.SequenceNumberRange?.EndingSequenceNumber) continue;
      const out = await this.client.send(new GetShardIteratorCommand({ StreamArn: this.streamArn, ShardId: shard.ShardId!, ShardIteratorType: 'LATEST' }));
      this.iterators.set(shard.ShardId!, out.ShardIterator!);
    }
    this.armed = true;
  }

  /** One page of every shard being followed; true if any held records. */
  private async readOnce(): Promise<boolean> {
    let found = false;
    let ended = false;
    for (const shard of await this.shards.get({ fresh: false })) {
      if (this.seen.has(shard.ShardId!)) continue;
      this.seen.add(shard.ShardId!);
      const out = await this.client.send(
        new GetShardIteratorCommand({ StreamArn: this.streamArn, ShardId: shard.ShardId!, ShardIteratorType: 'TRIM_HORIZON' }),
      );
      this.iterators.set(shard.ShardId!, out.ShardIterator!);
    }
    for (const [shardId, iterator] of this.iterators) {
      const page = await this.client.send(new GetRecordsCommand({ ShardIterator: iterator, Limit: TAIL_PAGE }));
      found ||= (page.Records ?? []).length > 0;
      if (page.NextShardIterator) this.iterators.set(shardId, page.NextShardIterator);
      else {
        this.iterators.delete(shardId);
        ended = true;
      }
    }
    // A shard that ended has children; the next list holds them.
    if (ended) await this.shards.get({ fresh: true });
    return found;
  }

  private sighted(): void {
    this.sightings++;
    for (const wake of [...this.waiters]) wake();
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

/** Resolves after `ms`, on abort, or when one of `wakers` is called (the sleeper adds itself to it meanwhile). */
function sleep(ms: number, signal: AbortSignal, wakers?: Set<() => void>): Promise<void> {
  return new Promise((resolve) => {
    if (signal.aborted) return resolve();
    const timer = setTimeout(done, ms);
    signal.addEventListener('abort', done, { once: true });
    wakers?.add(done);
    function done() {
      clearTimeout(timer);
      signal.removeEventListener('abort', done);
      wakers?.delete(done);
      resolve();
    }
  });
}
