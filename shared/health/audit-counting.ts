/**
 * The health stream consumer's work: SCIM creates counted from their audit items,
 * and the last refused sign-in taken from its audit item, so neither path writes
 * anything more while it runs.
 *
 * Creates are added per tenant and hour, one UpdateItem for each in a batch.
 * Redelivery (a retried batch, or the rest of one after a partial failure) must
 * not count a record twice: each hour item keeps the highest stream sequence
 * number it has counted, and the update is conditional on every record it adds
 * being above it. A tenant's audit items of one month share one partition key,
 * and the stream delivers the records of a partition in sequence order, so
 * "above the mark" is exactly "not counted yet". When the condition fails (a
 * redelivered batch), the mark is read and only the records above it are added.
 */
import { isConditionalCheckFailed } from '../storage/aws-errors.js';
import { keys } from '../storage/keys.js';
import type { Table } from '../storage/table.js';
import { TTL_ATTRIBUTE } from '../storage/table-definition.js';
import { expiryOf, hourOf } from './health-window.js';
import { recordRefusedSignIn } from './sign-in-health.js';
import { readAuditItem } from '../events/audit-item-shape.js';

/** An audit item as the stream delivered it, with its stream sequence number. */
export interface AuditRecord {
  sequence: string;
  item: Record<string, unknown>;
}

/** Audit actions whose SCIM-made items count as the create requests the SCIM kit leaves to the stream. */
export const COUNTED_CREATES: ReadonlySet<string> = new Set(['user.created', 'team.created']);

/** Sequence numbers are decimal strings of varying length: padded, they compare as strings in DynamoDB. */
const SEQUENCE_DIGITS = 40;
const comparable = (sequence: string) => sequence.padStart(SEQUENCE_DIGITS, '0');
const ATTEMPTS = 3;

interface HourGroup {
  tenantId: string;
  hour: string;
  records: Array<{ sequence: string; at: string }>;
}

export async function countAuditRecords(table: Table, records: readonly AuditRecord[]): Promise<void> {
  const hours = new Map<string, HourGroup>();
  const refusals = new Map<string, Record<string, unknown>>();
  for (const record of records) {
    const { sequence } = record;
    const item = readAuditItem(record.item);
    const tenantId = item.tenantId;
    const at = item.at;
    if (typeof tenantId !== 'string' || typeof at !== 'string') continue;
    const actor = item.actor as { type?: unknown } | undefined;
    if (COUNTED_CREATES.has(String(item.action)) && actor?.type === 'scim') {
      const hour = hourOf(at);
      const group = hours.get(`${tenantId}\n${hour}`) ?? { tenantId, hour, records: [] };
      group.records.push({ sequence: comparable(sequence), at });
      hours.set(`${tenantId}\n${hour}`, group);
    } else if (item.action === 'sign_in.refused') {
      const latest = refusals.get(tenantId);
      if (!latest || String(latest.at) < at) refusals.set(tenantId, item);
    }
  }
  await Promise.all([
    ...[...hours.values()].map((group) => addCreates(table, group)),
    ...[...refusals.values()].map((item) => recordRefusedSignIn(table, item)),
  ]);
}

async function addCreates(table: Table, group: HourGroup): Promise<void> {
  let pending = [...group.records].sort((a, b) => (a.sequence < b.sequence ? -1 : a.sequence > b.sequence ? 1 : 0));
  for (let attempt = 0; attempt < ATTEMPTS && pending.length > 0; attempt++) {
    const first = pending[0]!;
    const last = pending[pending.length - 1]!;
    const latestAt = pending.reduce((max, r) => (r.at > max ? r.at : max), first.at);
    try {
      await table.update({
        Key: keys.scimHealthHour(group.tenantId, group.hour),
        UpdateExpression: 'ADD creates :n SET entity = :entity, #hour = :hour, streamMark = :last, #ttl = :ttl, lastCreateAt = :at',
        ConditionExpression: 'attribute_not_exists(streamMark) OR streamMark < :first',
        ExpressionAttributeNames: { '#hour': 'hour', '#ttl': TTL_ATTRIBUTE },
        ExpressionAttributeValues: {
          ':n': pending.length,
          ':entity': 'scimHealthHour',
          ':hour': group.hour,
          ':last': last.sequence,
          ':first': first.sequence,
          ':ttl': expiryOf(`${group.hour}:00:00.000Z`),
          ':at': latestAt,
        },
      });
      return;
    } catch (error) {
      if (!isConditionalCheckFailed(error)) throw error;
      const item = await table.get<{ streamMark?: string }>(keys.scimHealthHour(group.tenantId, group.hour), { consistent: true });
      const mark = item?.streamMark ?? '';
      pending = pending.filter((r) => r.sequence > mark);
    }
  }
  if (pending.length > 0) throw new Error(`Could not count ${pending.length} SCIM creates of tenant ${group.tenantId} at ${group.hour}`);
}
