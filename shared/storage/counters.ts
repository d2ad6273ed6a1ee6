/**
 * Exact, cheap totals (users of a tenant, active users; teams, SCIM groups) without a hot item:
 * each change adds its delta to one of N shards chosen at random, and a total is
 * one Query over the N small shard items. A single counter item would serialise
 * every user creation of a tenant behind one item (TransactionConflict storms
 * during an IdP's initial sync).
 */
import { keys } from './keys.js';
import type { Table } from './table.js';
import type { Transaction } from './transaction.js';

const SHARDS = 10;

export type CounterName = 'users' | 'teams';

export function addToCounter(tx: Transaction, tenantId: string, counter: CounterName, deltas: Record<string, number>): void {
  const entries = Object.entries(deltas).filter(([, d]) => d !== 0);
  if (entries.length === 0) return;
  const names: Record<string, string> = {};
  const values: Record<string, number> = {};
  const parts = entries.map(([field, delta], i) => {
    names[`#f${i}`] = field;
    values[`:d${i}`] = delta;
    return `#f${i} :d${i}`;
  });
  tx.update(freeShard(tx, tenantId, counter), `ADD ${parts.join(', ')}`, { names, values });
}

/**
 * A random shard the transaction does not touch yet: one transaction may count
 * several changes (a tenant provisioned with its admins), and DynamoDB refuses
 * two operations on one item in a transaction.
 */
function freeShard(tx: Transaction, tenantId: string, counter: CounterName) {
  const first = Math.floor(Math.random() * SHARDS);
  for (let i = 0; i < SHARDS; i++) {
    const shard = keys.counterShard(tenantId, counter, (first + i) % SHARDS);
    if (!tx.writes(shard)) return shard;
  }
  throw new Error(`One transaction changes the ${counter} counter more than ${SHARDS} times`);
}

export async function readCounter(table: Table, tenantId: string, counter: CounterName): Promise<Record<string, number>> {
  const page = await table.query<Record<string, unknown>>({
    KeyConditionExpression: 'PK = :pk AND begins_with(SK, :prefix)',
    ExpressionAttributeValues: { ':pk': keys.counterPartition(tenantId), ':prefix': `${counter}#` },
  });
  const totals: Record<string, number> = {};
  for (const item of page.items) {
    for (const [field, value] of Object.entries(item)) {
      if (typeof value === 'number') totals[field] = (totals[field] ?? 0) + value;
    }
  }
  return totals;
}
