/**
 * Carries out one outbox item through its kind's handler, the same way for the
 * stream consumer (within seconds of the write) and the sweeper (what the
 * stream could not): an item that is no longer pending is skipped, so the two
 * racing, or the stream redelivering, cost one read. A transient failure is
 * recorded, the item made due again after the kind's retry delay, and rethrown
 * so the stream retries the record; a permanent one is marked and logged, so
 * it holds up no other item on its shard.
 */
import { logger } from '../observability/logger.js';
import type { Table } from '../storage/table.js';
import { markOutboxItem, readOutboxItem, rescheduleOutboxItem, type OutboxKind } from './outbox-item.js';

export type OutboxOutcome = 'done' | 'already-done' | 'missing' | 'failed';

export async function handleOutboxItem(table: Table, kind: OutboxKind, id: string): Promise<OutboxOutcome> {
  const item = await readOutboxItem(table, kind.name, id);
  if (!item) return 'missing';
  if (item.status !== 'pending') return 'already-done';
  const { handle, retry } = kind;
  let result;
  try {
    result = await handle(table, item);
  } catch (error) {
    await rescheduleOutboxItem(table, item, error, retry.retryDelayMs(item.attempts + 1));
    throw error;
  }
  if (result.outcome === 'failed') {
    logger.error('Outbox item cannot be handled; marked failed', { kind: kind.name, id, error: result.error as Error });
    const error = String((result.error as Error)?.message ?? result.error);
    await markOutboxItem(table, item, { status: 'failed', retentionSeconds: retry.retentionSeconds, results: result.results, error });
    return 'failed';
  }
  await markOutboxItem(table, item, { status: 'done', retentionSeconds: retry.retentionSeconds, results: result.results });
  return 'done';
}
