/**
 * A user's own item collection (PATs and their name markers, the invite, password
 * resets, email aliases) and the hashed-secret records those point to.
 */
import { keys, type ItemKey } from '../storage/keys.js';
import type { Table } from '../storage/table.js';

/**
 * Removes every item of a deleted user's collection and the secret records of
 * their PATs, invite and resets. Idempotent batch deletes: a retry finishes the
 * job. Bounded by one user's records.
 */
export async function purgeUserRecords(table: Table, tenantId: string, userId: string): Promise<number> {
  const items = await table.queryAll<ItemKey & { hash?: unknown }>({
    KeyConditionExpression: 'PK = :pk',
    ExpressionAttributeValues: { ':pk': keys.userCollection(tenantId, userId) },
  });
  const deletes: Array<{ delete: ItemKey }> = [];
  for (const item of items) {
    deletes.push({ delete: { PK: item.PK, SK: item.SK } });
    if (typeof item.hash === 'string') deletes.push({ delete: keys.secret(item.hash) });
  }
  await table.batchWrite(deletes);
  return items.length;
}
