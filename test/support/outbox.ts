/**
 * A tenant's outbox items of one kind that are still to be done: only those are
 * on the sparse due index (GSI1 `OUTBOX#DUE`), whatever their due time.
 */
import type { OutboxKindName } from '../../shared/outbox/outbox-item.js';
import { keys } from '../../shared/storage/keys.js';
import type { Item, Table } from '../../shared/storage/table.js';
import { INDEXES } from '../../shared/storage/table-definition.js';

export function pendingOutboxItems<T = Item>(table: Table, tenantId: string, kind: OutboxKindName): Promise<T[]> {
  return table.queryAll<T>({
    IndexName: INDEXES.lookupsAndQueues.name,
    KeyConditionExpression: `${INDEXES.lookupsAndQueues.partitionKey} = :pk`,
    FilterExpression: 'tenantId = :t AND kind = :kind',
    ExpressionAttributeValues: { ':pk': keys.gsiOutboxDue, ':t': tenantId, ':kind': kind },
  });
}
