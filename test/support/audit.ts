/**
 * The audit events of a fresh test tenant, read straight from the table, oldest
 * first: this UTC month's partition, and the previous one's when the suite
 * started in it (an hour back covers any suite).
 */
import { auditPartition, type AuditEvent } from '../../shared/audit/audit-event.js';
import type { Table } from '../../shared/storage/table.js';

export async function auditEvents(table: Table, tenantId: string): Promise<AuditEvent[]> {
  const partitions = new Set([auditPartition(tenantId, new Date(Date.now() - 3_600_000).toISOString()), auditPartition(tenantId, new Date().toISOString())]);
  const events: AuditEvent[] = [];
  for (const pk of partitions) {
    events.push(...(await table.queryAll<AuditEvent>({ KeyConditionExpression: 'PK = :pk', ExpressionAttributeValues: { ':pk': pk } })));
  }
  return events;
}
