/**
 * The repository base: typed access to the single table with the SDK errors that
 * a client can cause translated into domain errors. Every call goes through here,
 * so request counting (benchmarks, the large-group test) sees every round trip.
 */
import {
  BatchGetCommand,
  BatchWriteCommand,
  DeleteCommand,
  GetCommand,
  PutCommand,
  QueryCommand,
  UpdateCommand,
  type DynamoDBDocumentClient,
  type QueryCommandInput,
  type UpdateCommandInput,
  type PutCommandInput,
  type DeleteCommandInput,
} from '@aws-sdk/lib-dynamodb';
import { dynamoDocumentClient } from './client.js';
import { translateAwsError } from './aws-errors.js';
import type { ItemKey } from './keys.js';
import { env } from '../config/env.js';

export type Item = Record<string, unknown>;

export interface QueryPage<T> {
  items: T[];
  lastKey?: Record<string, unknown>;
}

const BATCH_GET_LIMIT = 100;
const BATCH_WRITE_LIMIT = 25;

export class Table {
  constructor(
    readonly name: string = env().TABLE_NAME,
    private readonly clientFactory: () => DynamoDBDocumentClient = dynamoDocumentClient,
  ) {}

  get client(): DynamoDBDocumentClient {
    return this.clientFactory();
  }

  async get<T = Item>(key: ItemKey, options: { consistent?: boolean } = {}): Promise<T | undefined> {
    const out = await this.run(() => this.client.send(new GetCommand({ TableName: this.name, Key: key, ConsistentRead: options.consistent ?? true })));
    return out.Item as T | undefined;
  }

  /** Reads up to any number of keys, in chunks of 100, retrying unprocessed keys. Order is not kept. */
  async batchGet<T = Item>(keyList: ItemKey[], options: { consistent?: boolean } = {}): Promise<T[]> {
    const found: T[] = [];
    for (let i = 0; i < keyList.length; i += BATCH_GET_LIMIT) {
      let pending: Record<string, unknown>[] | undefined = keyList.slice(i, i + BATCH_GET_LIMIT);
      for (let attempt = 0; pending && pending.length > 0; attempt++) {
        if (attempt > 0) await backoff(attempt);
        const keysNow: Record<string, unknown>[] = pending;
        const out = await this.run(() =>
          this.client.send(
            new BatchGetCommand({
              RequestItems: { [this.name]: { Keys: keysNow, ConsistentRead: options.consistent ?? true } },
            }),
          ),
        );
        found.push(...((out.Responses?.[this.name] ?? []) as T[]));
        pending = out.UnprocessedKeys?.[this.name]?.Keys as Record<string, unknown>[] | undefined;
        if (attempt > 8 && pending?.length) throw translateAwsError({ name: 'ThrottlingException' });
      }
    }
    return found;
  }

  async put(input: Omit<PutCommandInput, 'TableName'>): Promise<void> {
    await this.run(() => this.client.send(new PutCommand({ TableName: this.name, ...input })));
  }

  async update<T = Item>(input: Omit<UpdateCommandInput, 'TableName'>): Promise<T | undefined> {
    const out = await this.run(() => this.client.send(new UpdateCommand({ TableName: this.name, ...input })));
    return out.Attributes as T | undefined;
  }

  async delete(input: Omit<DeleteCommandInput, 'TableName'>): Promise<void> {
    await this.run(() => this.client.send(new DeleteCommand({ TableName: this.name, ...input })));
  }

  async query<T = Item>(input: Omit<QueryCommandInput, 'TableName'>): Promise<QueryPage<T>> {
    const out = await this.run(() => this.client.send(new QueryCommand({ TableName: this.name, ...input })));
    return { items: (out.Items ?? []) as T[], lastKey: out.LastEvaluatedKey };
  }

  /** Follows LastEvaluatedKey to the end. Only for bounded collections (documented per caller). */
  async queryAll<T = Item>(input: Omit<QueryCommandInput, 'TableName'>): Promise<T[]> {
    const all: T[] = [];
    let start: Record<string, unknown> | undefined;
    do {
      const page = await this.query<T>({ ...input, ExclusiveStartKey: start });
      all.push(...page.items);
      start = page.lastKey;
    } while (start);
    return all;
  }

  /** Idempotent bulk puts and deletes (no conditions), in chunks of 25 with unprocessed retries. */
  async batchWrite(writes: Array<{ put: Item } | { delete: ItemKey }>): Promise<void> {
    for (let i = 0; i < writes.length; i += BATCH_WRITE_LIMIT) {
      let pending: Array<Record<string, unknown>> | undefined = writes
        .slice(i, i + BATCH_WRITE_LIMIT)
        .map((w) => ('put' in w ? { PutRequest: { Item: w.put } } : { DeleteRequest: { Key: w.delete } }));
      for (let attempt = 0; pending && pending.length > 0; attempt++) {
        if (attempt > 0) await backoff(attempt);
        const requests = pending;
        const out = await this.run(() => this.client.send(new BatchWriteCommand({ RequestItems: { [this.name]: requests as never } })));
        pending = out.UnprocessedItems?.[this.name] as Array<Record<string, unknown>> | undefined;
        if (attempt > 8 && pending?.length) throw translateAwsError({ name: 'ThrottlingException' });
      }
    }
  }

  /** Runs one SDK call, translating throttling and service faults. */
  async run<T>(call: () => Promise<T>): Promise<T> {
    try {
      return await call();
    } catch (error) {
      throw translateAwsError(error);
    }
  }
}

const backoff = (attempt: number) => new Promise((resolve) => setTimeout(resolve, Math.min(1000, 20 * 2 ** attempt) * (0.5 + Math.random() / 2)));

let defaultTable: Table | undefined;

/** The table named by the environment, shared by a warm Lambda's invocations (it holds no request state). */
export function table(): Table {
  defaultTable ??= new Table();
  return defaultTable;
}

export function resetTableForTests(): void {
  defaultTable = undefined;
}
