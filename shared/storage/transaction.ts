/**
 * A unit of work over the single table. Domain services add the items a change
 * writes (the entity, its uniqueness markers, counters, the audit event, the mail
 * outbox item) and commit them as one DynamoDB transaction, so the invariants live
 * in conditions rather than in check-then-write.
 *
 * Each conditional item carries the domain error its failed condition means;
 * a cancellation maps back through `CancellationReasons` (same order as the items)
 * to that error. Cancellations caused only by conflicting transactions are retried.
 */
import type { AttributeValue } from '@aws-sdk/client-dynamodb';
import { TransactWriteCommand, type TransactWriteCommandInput } from '@aws-sdk/lib-dynamodb';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import type { AppError } from '../errors/app-error.js';
import { ThrottledError } from '../errors/app-error.js';
import type { ItemKey } from './keys.js';
import type { Item, Table } from './table.js';
import { translateAwsError } from './aws-errors.js';

type TransactItem = NonNullable<TransactWriteCommandInput['TransactItems']>[number];

/** What a failed condition means; it receives the item that blocked the write, when DynamoDB returns it. */
export type OnConditionFailed = (blocking: Item | undefined) => AppError;

interface Condition {
  condition?: string;
  names?: Record<string, string>;
  values?: Record<string, unknown>;
  onConditionFailed?: OnConditionFailed;
}

export const MAX_TRANSACTION_ITEMS = 100;
const CONFLICT_RETRIES = 6;

export class Transaction {
  private readonly items: TransactItem[] = [];
  private readonly failures: Array<OnConditionFailed | undefined> = [];

  constructor(private readonly table: Table) {}

  get size(): number {
    return this.items.length;
  }

  /** Whether an item of the transaction acts on `key` (DynamoDB refuses two operations on one item). */
  writes(key: ItemKey): boolean {
    return this.items.some((item) => {
      const target = item.Put?.Item ?? item.Update?.Key ?? item.Delete?.Key ?? item.ConditionCheck?.Key;
      return target?.PK === key.PK && target?.SK === key.SK;
    });
  }

  put<T extends ItemKey>(item: T, c: Condition = {}): this {
    return this.add(
      {
        Put: {
          TableName: this.table.name,
          Item: item as Item,
          ...this.conditionParts(c),
        },
      },
      c.onConditionFailed,
    );
  }

  /** A put that must not overwrite: the standard create and uniqueness-marker write. */
  create<T extends ItemKey>(item: T, onConditionFailed: OnConditionFailed): this {
    return this.put(item, { condition: 'attribute_not_exists(PK)', onConditionFailed });
  }

  update(key: ItemKey, update: string, c: Condition & { names?: Record<string, string>; values?: Record<string, unknown> } = {}): this {
    return this.add(
      {
        Update: {
          TableName: this.table.name,
          Key: key,
          UpdateExpression: update,
          ...this.conditionParts(c),
        },
      },
      c.onConditionFailed,
    );
  }

  delete(key: ItemKey, c: Condition = {}): this {
    return this.add({ Delete: { TableName: this.table.name, Key: key, ...this.conditionParts(c) } }, c.onConditionFailed);
  }

  /** Asserts a condition on an item the transaction does not write (e.g. the group still exists). */
  check(key: ItemKey, c: Required<Pick<Condition, 'condition' | 'onConditionFailed'>> & Condition): this {
    return this.add(
      { ConditionCheck: { TableName: this.table.name, Key: key, ...this.conditionParts(c), ConditionExpression: c.condition } },
      c.onConditionFailed,
    );
  }

  /** Commits all items atomically. Throws the mapped domain error of the first failed condition. */
  async commit(): Promise<void> {
    if (this.items.length === 0) return;
    if (this.items.length > MAX_TRANSACTION_ITEMS) {
      throw new Error(`Transaction of ${this.items.length} items exceeds DynamoDB's limit of ${MAX_TRANSACTION_ITEMS}`);
    }
    for (let attempt = 0; ; attempt++) {
      try {
        await this.table.client.send(new TransactWriteCommand({ TransactItems: this.items }));
        return;
      } catch (error) {
        const mapped = this.mapCancellation(error);
        if (mapped === 'retry' && attempt < CONFLICT_RETRIES) {
          await new Promise((r) => setTimeout(r, 10 * 2 ** attempt * (0.5 + Math.random())));
          continue;
        }
        if (mapped === 'retry') throw new ThrottledError('Too many concurrent changes to the same resource, retry later', 1, error);
        throw mapped;
      }
    }
  }

  private mapCancellation(error: unknown): unknown | 'retry' {
    const e = error as { name?: string; CancellationReasons?: Array<{ Code?: string; Item?: Record<string, AttributeValue> }> };
    if (e?.name !== 'TransactionCanceledException' || !e.CancellationReasons) return translateAwsError(error);
    const reasons = e.CancellationReasons;
    const failedIndex = reasons.findIndex((r) => r.Code === 'ConditionalCheckFailed');
    if (failedIndex >= 0) {
      const onFailed = this.failures[failedIndex];
      // The document client unmarshalls results, not errors: the blocking item arrives in wire format ({ S: ... }).
      const blocking = reasons[failedIndex]?.Item;
      if (onFailed) return onFailed(blocking ? (unmarshall(blocking, { wrapNumbers: false }) as Item) : undefined);
      return new Error(`Unmapped condition failure on transaction item ${failedIndex}`, { cause: error });
    }
    const codes = reasons.map((r) => r.Code).filter((c) => c && c !== 'None');
    if (codes.length > 0 && codes.every((c) => c === 'TransactionConflict')) return 'retry';
    if (codes.some((c) => c === 'ThrottlingError' || c === 'ProvisionedThroughputExceeded')) {
      return new ThrottledError(undefined, 1, error);
    }
    return translateAwsError(error);
  }

  private add(item: TransactItem, onFailed: OnConditionFailed | undefined): this {
    this.items.push(item);
    this.failures.push(onFailed);
    return this;
  }

  private conditionParts(c: Condition) {
    const parts: Record<string, unknown> = {};
    if (c.condition) {
      parts.ConditionExpression = c.condition;
      parts.ReturnValuesOnConditionCheckFailure = 'ALL_OLD';
    }
    if (c.names && Object.keys(c.names).length) parts.ExpressionAttributeNames = c.names;
    if (c.values && Object.keys(c.values).length) parts.ExpressionAttributeValues = c.values;
    return parts;
  }
}
