/**
 * The outbox, kind-independent: an item written in the same transaction as the
 * change that causes it, handled by the stream within seconds, and found by the
 * sweeper through a sparse "due" index when the stream could not. Every kind
 * shares this item's bookkeeping (status, attempts, when it is due, the last
 * error) and the one path that marks it done, failed or due again; the kinds
 * themselves (what they carry, how they are handled, how they retry) are
 * listed in registry.ts.
 *
 * Items written before the outbox was generic are read as they are: a mail's
 * `sent` status and `sentAt` are `done` and `doneAt`, an item without `dueAt` is
 * due once the stream's grace after `createdAt` is over, and such items sit in
 * their kind's old pending partition (`keys.gsiLegacyPending`) until a write of
 * this module moves or removes their index keys.
 */
import { randomUUID } from 'node:crypto';
import { InternalError } from '../errors/app-error.js';
import { isConditionalCheckFailed } from '../storage/aws-errors.js';
import { keys } from '../storage/keys.js';
import { parseStoredItem } from '../storage/stored-item.js';
import { TTL_ATTRIBUTE } from '../storage/table-definition.js';
import type { Item, Table } from '../storage/table.js';
import type { OnConditionFailed, Transaction } from '../storage/transaction.js';
import * as z from '../validation/zod.js';

/** Every kind of outbox item; registry.ts gives each its handler and retry policy. */
export const OUTBOX_KIND_NAMES = ['mail', 'identitySync'] as const;
export type OutboxKindName = (typeof OUTBOX_KIND_NAMES)[number];

/** The stream's turn: the sweeper leaves an item alone this long after it was written. */
export const STREAM_GRACE_MS = 10 * 60_000;

export const OUTBOX_STATUSES = ['pending', 'done', 'failed'] as const;
export type OutboxStatus = (typeof OUTBOX_STATUSES)[number];

/** The bookkeeping every outbox item carries, beside its kind's own fields. */
export interface OutboxItem {
  kind: OutboxKindName;
  id: string;
  tenantId: string;
  /** `failed`: refused for good (logged as an error), never retried. */
  status: OutboxStatus;
  attempts: number;
  createdAt: string;
  /** When the sweeper may take it, while pending. */
  dueAt: string;
  doneAt?: string;
  lastError?: string;
  lastAttemptAt?: string;
}

// Built on first use: most functions write outbox items and never read one.
const StoredOutboxItemSchema = z.lazySchema(() =>
  z.looseObject({
    id: z.string(),
    tenantId: z.string(),
    // `sent`: a mail marked done before the outbox was generic.
    status: z.enum([...OUTBOX_STATUSES, 'sent']),
    attempts: z.optional(z.number()),
    createdAt: z.string(),
    dueAt: z.optional(z.string()),
    doneAt: z.optional(z.string()),
    sentAt: z.optional(z.string()),
    lastError: z.optional(z.string()),
    lastAttemptAt: z.optional(z.string()),
  }),
);

const dueAfterGrace = (createdAt: string) => new Date(Date.parse(createdAt) + STREAM_GRACE_MS).toISOString();
const pendingIndex = (kind: OutboxKindName, id: string, dueAt: string) => keys.outboxDueIndexKeys(dueAt, kind, id);

/**
 * The stored item of `kind` as an {@link OutboxItem} plus its own fields (which
 * the kind's handler parses). A stored item that is not an outbox item at all
 * is a fault of the table, not of any request.
 */
export function outboxItemFrom(kind: OutboxKindName, stored: Item): OutboxItem & Item {
  const { sentAt, ...fields } = parseStoredItem(StoredOutboxItemSchema, stored, `${kind} outbox item`);
  return {
    ...stored,
    ...fields,
    kind,
    status: fields.status === 'sent' ? 'done' : fields.status,
    attempts: fields.attempts ?? 0,
    dueAt: fields.dueAt ?? dueAfterGrace(fields.createdAt),
    ...((fields.doneAt ?? sentAt) ? { doneAt: fields.doneAt ?? sentAt } : {}),
  };
}

export async function readOutboxItem(table: Table, kind: OutboxKindName, id: string): Promise<(OutboxItem & Item) | undefined> {
  const stored = await table.get(keys.outboxItem(kind, id));
  return stored && outboxItemFrom(kind, stored);
}

/**
 * Adds an outbox item to the change's transaction, pending and due after the
 * stream's grace. `fields` are the kind's own; `id` may be given so a retried
 * request does not enqueue the same item twice (`onDuplicate` answers that).
 */
export function enqueueOutboxItem<F extends { tenantId: string }>(
  tx: Transaction,
  kind: OutboxKindName,
  fields: F & { id?: string },
  onDuplicate?: (id: string) => ReturnType<OnConditionFailed>,
): F & OutboxItem {
  const createdAt = new Date().toISOString();
  const item = {
    ...fields,
    kind,
    id: fields.id ?? randomUUID(),
    createdAt,
    dueAt: dueAfterGrace(createdAt),
    status: 'pending' as const,
    attempts: 0,
  };
  tx.create({ ...keys.outboxItem(kind, item.id), entity: kind, ...item, ...pendingIndex(kind, item.id, item.dueAt) }, () =>
    onDuplicate ? onDuplicate(item.id) : new InternalError('internal', `Outbox item ${kind} ${item.id} was enqueued twice`),
  );
  return item;
}

/**
 * Marks a pending item done (or, for good, failed) and takes it off the due
 * index; the TTL removes it after `retentionSeconds`. A second mark (the stream
 * and the sweeper racing) is a no-op.
 */
export async function markOutboxItem(
  table: Table,
  item: Pick<OutboxItem, 'kind' | 'id'>,
  mark: { status: 'done' | 'failed'; retentionSeconds: number; results?: Record<string, unknown>; error?: string },
): Promise<void> {
  const now = new Date();
  try {
    await table.update({
      Key: keys.outboxItem(item.kind, item.id),
      UpdateExpression: `SET #s = :status, doneAt = :now, #ttl = :ttl${mark.results ? ', results = :results' : ''}${mark.error ? ', lastError = :error' : ''} ADD attempts :one REMOVE GSI1PK, GSI1SK`,
      ConditionExpression: '#s = :pending',
      ExpressionAttributeNames: { '#s': 'status', '#ttl': TTL_ATTRIBUTE },
      ExpressionAttributeValues: {
        ':status': mark.status,
        ':pending': 'pending',
        ':now': now.toISOString(),
        ':ttl': Math.floor(now.getTime() / 1000) + mark.retentionSeconds,
        ':one': 1,
        ...(mark.results ? { ':results': mark.results } : {}),
        ...(mark.error ? { ':error': mark.error.slice(0, 500) } : {}),
      },
    });
  } catch (error) {
    if (!isConditionalCheckFailed(error)) throw error;
  }
}

/**
 * Records a failed attempt of a pending item and makes it due again after
 * `delayMs` (moving an old item onto the current due index).
 */
export async function rescheduleOutboxItem(table: Table, item: Pick<OutboxItem, 'kind' | 'id'>, error: unknown, delayMs: number): Promise<void> {
  const now = Date.now();
  const dueAt = new Date(now + delayMs).toISOString();
  const index = pendingIndex(item.kind, item.id, dueAt);
  try {
    await table.update({
      Key: keys.outboxItem(item.kind, item.id),
      UpdateExpression: 'ADD attempts :one SET lastError = :error, lastAttemptAt = :now, dueAt = :due, GSI1PK = :gsiPk, GSI1SK = :gsiSk',
      ConditionExpression: '#s = :pending',
      ExpressionAttributeNames: { '#s': 'status' },
      ExpressionAttributeValues: {
        ':one': 1,
        ':error': String((error as Error)?.name ?? error).slice(0, 500),
        ':now': new Date(now).toISOString(),
        ':due': dueAt,
        ':gsiPk': index.GSI1PK,
        ':gsiSk': index.GSI1SK,
        ':pending': 'pending',
      },
    });
  } catch (e) {
    // Done meanwhile (the other of stream and sweeper succeeded): nothing to retry.
    if (!isConditionalCheckFailed(e)) throw e;
  }
}

/**
 * What a kind's handler answers for one pending item. A transient failure (an
 * outage, throttling) is thrown instead: the item is then due again after its
 * kind's retry delay, and the stream retries the record.
 */
export type OutboxHandlerResult =
  | { outcome: 'done'; results?: Record<string, unknown> }
  /** Refused for good (a bad address, an input the dependency rejects): marked and logged, never retried. */
  | { outcome: 'failed'; error: unknown; results?: Record<string, unknown> };

export type OutboxHandler = (table: Table, item: OutboxItem & Item) => Promise<OutboxHandlerResult>;

export interface RetryPolicy {
  /** How long after a failed attempt the sweeper may try again (`attempts` counts the failed one). */
  retryDelayMs: (attempts: number) => number;
  /** How long a done or failed item is kept (for support questions), then TTL removes it. */
  retentionSeconds: number;
}

/**
 * A kind of outbox item: its name, the handler that carries an item out, and how
 * it retries. Defined beside its handler, so a stream consumer of one kind
 * bundles that kind's dependencies only; registry.ts lists them all.
 */
export interface OutboxKind {
  readonly name: OutboxKindName;
  readonly handle: OutboxHandler;
  readonly retry: RetryPolicy;
}

/** Doubling from a minute up to the sweeper's period: during an outage each sweep tries again. */
export const retryUntilTheNextSweep = (attempts: number): number => Math.min(60_000 * 2 ** Math.max(0, attempts - 1), 5 * 60_000);
