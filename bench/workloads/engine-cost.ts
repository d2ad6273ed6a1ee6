/**
 * A diagnostic under benchmark 1: what DynamoDB Local itself charges per item
 * written, by BatchWriteItem (the floor's way) and by TransactWriteItems (the
 * way a SCIM create must write: a user with its uniqueness markers, counter and
 * audit event, all or nothing). The same user items, the same concurrency, each
 * put conditional on the key being new (as a create's are). DynamoDB Local
 * applies every write on one thread: these per-item costs say why the service's
 * writes (./service-writes.ts, measured whole) cost what they do on it.
 */
import { randomUUID } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { randomTenantId } from '../../test/support/tenants.js';
import { Table } from '../../shared/storage/table.js';
import { Transaction } from '../../shared/storage/transaction.js';
import type { DynamoMeter } from '../harness/dynamo-meter.js';
import { chunk, inPool } from '../harness/pool.js';
import { buildDirectory } from './directory.js';
import { directoryUserItem } from './sync-floor.js';

/** Items per transaction: a SCIM user create writes six. */
export const TRANSACTION_ITEMS = 6;

export interface EngineCost {
  items: number;
  /** Wall time per item written, at the sync's concurrency. */
  batchMsPerItem: number;
  transactionMsPerItem: number;
}

export async function runEngineCost(options: { meter: DynamoMeter; items: number; concurrency: number }): Promise<EngineCost> {
  const table = new Table();
  const usersOf = () => {
    const tenantId = randomTenantId('bench-engine');
    const now = new Date().toISOString();
    return buildDirectory(tenantId, { users: options.items, groups: 0, memberships: 0 }).users.map((u) => directoryUserItem(tenantId, randomUUID(), u, now));
  };
  const perItem = async (write: () => Promise<void>) => {
    const started = performance.now();
    await options.meter.measure(write);
    options.meter.reset();
    return (performance.now() - started) / options.items;
  };
  const batchItems = usersOf();
  const batchMsPerItem = await perItem(() => inPool(chunk(batchItems, 25), options.concurrency, (batch) => table.batchWrite(batch.map((put) => ({ put })))));
  const transactionItems = usersOf();
  const transactionMsPerItem = await perItem(() =>
    inPool(chunk(transactionItems, TRANSACTION_ITEMS), options.concurrency, async (items) => {
      const tx = new Transaction(table);
      for (const item of items) tx.put(item, { condition: 'attribute_not_exists(PK)' });
      await tx.commit();
    }),
  );
  return { items: options.items, batchMsPerItem, transactionMsPerItem };
}
