/**
 * The safety net under the stream: outbox items (mail and identity sync) that
 * are still pending some time after they were written are handled directly.
 * The stream delivers almost everything within seconds; what it cannot (an SES
 * or Cognito outage longer than the event source's retries, a record that went
 * to the DLQ, the stream's 24-hour retention) is found here through the sparse
 * GSI1 "pending" keys and sent when the dependency is back. Handling is
 * idempotent, so racing the stream costs nothing.
 */
import { applyIdentitySync } from '../identity/apply-identity-sync.js';
import type { IdentitySyncRequest } from '../identity/identity-sync.js';
import { logger } from '../observability/logger.js';
import { keys } from '../storage/keys.js';
import { INDEXES } from '../storage/table-definition.js';
import type { Table } from '../storage/table.js';
import { deliverMail } from './deliver-mail.js';

/** Items younger than this are the stream's business. */
export const SWEEP_AFTER_MS = 10 * 60_000;
const MAX_PER_RUN = 200;

export interface SweepResult {
  mails: { handled: number; failed: number };
  identitySyncs: { handled: number; failed: number };
}

export interface SweepOptions {
  olderThanMs?: number;
  now?: number;
  /** Restricts the sweep to some tenants (tests share one table between suites). */
  tenantFilter?: (tenantId: string) => boolean;
}

export async function sweepOutbox(table: Table, options: SweepOptions = {}): Promise<SweepResult> {
  const cutoff = new Date((options.now ?? Date.now()) - (options.olderThanMs ?? SWEEP_AFTER_MS)).toISOString();
  const keep = options.tenantFilter ?? (() => true);
  const mails = await pendingIds(table, keys.gsiPendingMail, cutoff, keep);
  const syncs = await pendingIds(table, keys.gsiPendingIdentitySync, cutoff, keep);
  return {
    mails: await handleAll(mails, (id) => deliverMail(table, id)),
    identitySyncs: await handleAll(syncs, async (id) => {
      const request = await table.get<IdentitySyncRequest>(keys.identitySync(id));
      return request ? applyIdentitySync(table, request) : 'missing';
    }),
  };
}

async function pendingIds(table: Table, partition: string, cutoff: string, keep: (tenantId: string) => boolean): Promise<string[]> {
  const page = await table.query<{ PK: string; SK: string; tenantId: string }>({
    IndexName: INDEXES.byName.name,
    KeyConditionExpression: 'GSI1PK = :pk AND GSI1SK < :cutoff',
    ExpressionAttributeValues: { ':pk': partition, ':cutoff': cutoff },
    Limit: MAX_PER_RUN,
  });
  return page.items.filter((item) => keep(item.tenantId)).map((item) => item.PK.slice(item.PK.indexOf('#') + 1));
}

async function handleAll(ids: string[], handle: (id: string) => Promise<unknown>) {
  let failed = 0;
  for (const id of ids) {
    try {
      await handle(id);
    } catch (error) {
      // Still down: the item stays pending for the next run.
      failed++;
      logger.warn('outbox sweep could not handle an item yet', { id, error: error as Error });
    }
  }
  return { handled: ids.length - failed, failed };
}
