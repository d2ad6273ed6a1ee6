/**
 * Connected: what a failed condition's handler is given. Regression: the
 * document client unmarshalls results but not errors, so the item that blocked
 * a write reached every `onConditionFailed` in DynamoDB's wire format
 * (`{ id: { S: 'a' } }`): a comparison such as `blocking.id === record.id`
 * (action-record.ts: an expired link told apart from a forged one) was never true.
 */
import { randomUUID } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { NotFoundError, PreconditionFailedError } from '../../shared/errors/app-error.js';
import { Table, type Item } from '../../shared/storage/table.js';
import { Transaction } from '../../shared/storage/transaction.js';

let table: Table;
beforeAll(() => {
  table = new Table();
});

describe('a cancelled transaction', () => {
  it('hands onConditionFailed the blocking item as plain values', async () => {
    const key = { PK: `TXTEST#${randomUUID()}`, SK: 'ITEM' };
    await new Transaction(table).put({ ...key, id: 'a', version: 3, tags: ['x'], nested: { on: true } }).commit();

    let blocking: Item | undefined;
    const tx = new Transaction(table).update(key, 'SET version = version + :one', {
      condition: 'version = :expected',
      values: { ':one': 1, ':expected': 2 },
      onConditionFailed: (item) => {
        blocking = item;
        return new PreconditionFailedError('user.version_mismatch', 'version moved');
      },
    });

    await expect(tx.commit()).rejects.toMatchObject({ code: 'user.version_mismatch' });
    expect(blocking).toEqual({ ...key, id: 'a', version: 3, tags: ['x'], nested: { on: true } });
  });

  it('hands onConditionFailed undefined when no item blocked the write', async () => {
    const key = { PK: `TXTEST#${randomUUID()}`, SK: 'ITEM' };
    let called = false;
    let blocking: Item | undefined = { unexpected: true };
    const tx = new Transaction(table).update(key, 'SET version = :one', {
      condition: 'attribute_exists(PK)',
      values: { ':one': 1 },
      onConditionFailed: (item) => {
        called = true;
        blocking = item;
        return new NotFoundError('user.not_found', 'no item');
      },
    });

    await expect(tx.commit()).rejects.toMatchObject({ code: 'user.not_found' });
    expect(called).toBe(true);
    expect(blocking).toBeUndefined();
  });
});
