/**
 * A fresh DynamoDB Local JVM answers its first few thousand requests several
 * times slower than later ones (class loading, JIT). Every figure is a ratio to
 * a floor, so both sides must meet a warm JVM: this writes, reads and queries a
 * scratch tenant before anything is measured.
 */
import { keys } from '../../shared/storage/keys.js';
import { Table } from '../../shared/storage/table.js';
import { chunk, inPool } from './pool.js';

export async function warmUpDynamoDb(items = 3000): Promise<void> {
  const table = new Table();
  const pk = keys.tenantPartition('bench-warmup');
  const puts = Array.from({ length: items }, (_, i) => ({ put: { PK: pk, SK: `W#${String(i).padStart(6, '0')}`, payload: 'x'.repeat(200) } }));
  await inPool(chunk(puts, 25), 8, (batch) => table.batchWrite(batch));
  await inPool(chunk(puts, 100), 8, (batch) => table.batchGet(batch.map((p) => ({ PK: p.put.PK, SK: p.put.SK }))).then(() => undefined));
  await table.queryAll({ KeyConditionExpression: 'PK = :pk', ExpressionAttributeValues: { ':pk': pk } });
}
