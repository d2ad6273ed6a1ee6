/**
 * The safety net under the stream: outbox items of every kind that are still
 * pending when they fall due (the stream's grace after the write, or a retry
 * delay after a failed attempt) are handled directly. The stream delivers almost
 * everything within seconds; what it cannot (an SES or Cognito outage longer
 * than the event source's retries, a record that went to the DLQ, the stream's
 * 24-hour retention) is found here through the sparse due index and handled
 * when the dependency is back. Handling is idempotent, so racing the stream
 * costs nothing.
 */
import { logger } from '../observability/logger.js';
import { keys } from '../storage/keys.js';
import { INDEXES } from '../storage/table-definition.js';
import type { Table } from '../storage/table.js';
import { handleOutboxItem } from './handle-item.js';
import { OUTBOX_KIND_NAMES, STREAM_GRACE_MS, type OutboxKindName } from './outbox-item.js';
import { OUTBOX_KINDS } from './registry.js';

const MAX_PER_RUN = 200;

export type SweepResult = Record<OutboxKindName, { handled: number; failed: number }>;

export interface SweepOptions {
  /** The sweep's clock (epoch ms): what is due by then is handled. */
  now?: number;
  /** Restricts the sweep to some tenants (tests share one table between suites). */
  tenantFilter?: (tenantId: string) => boolean;
}

export interface DueItem {
  kind: OutboxKindName;
  id: string;
  tenantId: string;
}

export async function sweepOutbox(table: Table, options: SweepOptions = {}): Promise<SweepResult> {
  const keep = options.tenantFilter ?? (() => true);
  const result = Object.fromEntries(OUTBOX_KIND_NAMES.map((kind) => [kind, { handled: 0, failed: 0 }])) as SweepResult;
  for (const item of await dueOutboxItems(table, new Date(options.now ?? Date.now()))) {
    if (!keep(item.tenantId)) continue;
    try {
      await handleOutboxItem(table, OUTBOX_KINDS[item.kind], item.id);
      result[item.kind].handled++;
    } catch (error) {
      // Still down: the item is due again after its retry delay.
      result[item.kind].failed++;
      logger.warn('outbox sweep could not handle an item yet', { kind: item.kind, id: item.id, error: error as Error });
    }
  }
  return result;
}

/**
 * Pending items due by `now`, oldest first: the due index, then each kind's
 * old pending partition (items written before the due index, sorted by when
 * they were written, so due once the stream's grace after that is over).
 */
export async function dueOutboxItems(table: Table, now: Date): Promise<DueItem[]> {
  const due = await query(table, keys.gsiOutboxDue, now.toISOString());
  const legacyCutoff = new Date(now.getTime() - STREAM_GRACE_MS).toISOString();
  for (const kind of OUTBOX_KIND_NAMES) {
    const partition = keys.gsiLegacyPending[kind];
    if (partition) due.push(...(await query(table, partition, legacyCutoff, kind)));
  }
  return due;
}

async function query(table: Table, partition: string, before: string, legacyKind?: OutboxKindName): Promise<DueItem[]> {
  const page = await table.query<{ kind?: OutboxKindName; id: string; tenantId: string }>({
    IndexName: INDEXES.lookupsAndQueues.name,
    KeyConditionExpression: 'GSI1PK = :pk AND GSI1SK < :before',
    ExpressionAttributeValues: { ':pk': partition, ':before': before },
    Limit: MAX_PER_RUN,
  });
  return page.items.flatMap((item) => {
    const kind = item.kind ?? legacyKind;
    return kind && (OUTBOX_KIND_NAMES as readonly string[]).includes(kind) ? [{ kind, id: item.id, tenantId: item.tenantId }] : [];
  });
}
