/**
 * The audit events of a fresh test tenant, read straight from the table, oldest
 * first: this UTC month's partition, and the previous one's when the suite
 * started in it (an hour back covers any suite). Read as the service reads
 * them (details stored once in the event's data are put back).
 */
import { auditEventFromItem, auditPartition, type AuditEvent } from '../../shared/audit/audit-event.js';
import type { Table } from '../../shared/storage/table.js';

export async function auditEvents(table: Table, tenantId: string): Promise<AuditEvent[]> {
  const partitions = new Set([auditPartition(tenantId, new Date(Date.now() - 3_600_000).toISOString()), auditPartition(tenantId, new Date().toISOString())]);
  const events: AuditEvent[] = [];
  for (const pk of partitions) {
    const items = await table.queryAll({ KeyConditionExpression: 'PK = :pk', ExpressionAttributeValues: { ':pk': pk } });
    events.push(...items.map(auditEventFromItem));
  }
  return events;
}
