/**
 * Puts domain events on the service's EventBridge bus. PutEvents takes at most
 * 10 entries and 256 KB per request and may accept some entries of a request
 * while refusing others (throttling, an internal error): a refused entry is
 * retried alone, with backoff, a bounded number of times; what still fails is
 * reported so the stream redelivers it. Delivery is therefore at least once,
 * and rule targets deduplicate by the event id in `detail.id`.
 *
 * The client reads its endpoint from `AWS_ENDPOINT_URL_EVENTBRIDGE` when set:
 * the local stack points it at its PutEvents endpoint (infra/local/event-bus.ts).
 */
import { EventBridgeClient, PutEventsCommand, type PutEventsRequestEntry } from '@aws-sdk/client-eventbridge';
import type { DomainEvent } from '../events/domain-event.js';

/** The `source` of every event the service puts; rules match on it. */
export const EVENT_SOURCE = 'provisioning-service';
export const MAX_ENTRIES_PER_REQUEST = 10;
export const MAX_REQUEST_BYTES = 256 * 1024;

export interface PublishOptions {
  /** Requests per entry before it counts as failed, the first included. */
  maxAttempts?: number;
  /** Backoff before the n-th retry: `baseDelayMs * 2^(n-1)`, with full jitter. */
  baseDelayMs?: number;
  sleep?: (ms: number) => Promise<void>;
}

let client: EventBridgeClient | undefined;

export function eventBridgeClient(): EventBridgeClient {
  client ??= new EventBridgeClient({ maxAttempts: 3 });
  return client;
}

/** The PutEvents entry of a domain event: the event itself is the detail, its type the detail-type. */
export function putEventsEntry(event: DomainEvent, eventBusName: string): PutEventsRequestEntry {
  return { EventBusName: eventBusName, Source: EVENT_SOURCE, DetailType: event.type, Detail: JSON.stringify(event), Time: new Date(event.occurredAt) };
}

/** An entry's size as PutEvents counts it toward the 256 KB of a request. */
export function entrySize(entry: PutEventsRequestEntry): number {
  const bytes = (s: string | undefined) => (s ? Buffer.byteLength(s, 'utf8') : 0);
  return (
    (entry.Time ? 14 : 0) +
    bytes(entry.Source) +
    bytes(entry.DetailType) +
    bytes(entry.Detail) +
    (entry.Resources ?? []).reduce((sum, r) => sum + bytes(r), 0) +
    bytes(entry.EventBusName)
  );
}

/** Consecutive requests of at most 10 entries and 256 KB, in the given order. */
export function requestsOf(entries: readonly PutEventsRequestEntry[]): PutEventsRequestEntry[][] {
  const requests: PutEventsRequestEntry[][] = [];
  let current: PutEventsRequestEntry[] = [];
  let size = 0;
  for (const entry of entries) {
    const bytes = entrySize(entry);
    if (bytes > MAX_REQUEST_BYTES) throw new Error(`Event ${entry.DetailType} is ${bytes} bytes, over PutEvents' limit of ${MAX_REQUEST_BYTES}`);
    if (current.length === MAX_ENTRIES_PER_REQUEST || size + bytes > MAX_REQUEST_BYTES) {
      requests.push(current);
      current = [];
      size = 0;
    }
    current.push(entry);
    size += bytes;
  }
  if (current.length > 0) requests.push(current);
  return requests;
}

/**
 * Puts every entry; resolves to the indexes (into `entries`) of those still
 * refused after the last attempt, in order (empty: all accepted). A request
 * that fails as a whole (after the SDK's own retries) throws.
 */
export async function putAll(
  eventBridge: Pick<EventBridgeClient, 'send'>,
  entries: readonly PutEventsRequestEntry[],
  options: PublishOptions = {},
): Promise<number[]> {
  const maxAttempts = options.maxAttempts ?? 4;
  const baseDelayMs = options.baseDelayMs ?? 100;
  const sleep = options.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));
  let pending = entries.map((_, index) => index);
  for (let attempt = 1; pending.length > 0; attempt++) {
    if (attempt > 1) await sleep(Math.random() * baseDelayMs * 2 ** (attempt - 2));
    const failed: number[] = [];
    let offset = 0;
    for (const request of requestsOf(pending.map((i) => entries[i]!))) {
      const out = await eventBridge.send(new PutEventsCommand({ Entries: request }));
      request.forEach((_, k) => {
        // An entry with no result at all is treated as refused: never assume it landed.
        if (!out.Entries?.[k]?.EventId || out.Entries[k]?.ErrorCode) failed.push(pending[offset + k]!);
      });
      offset += request.length;
    }
    pending = failed;
    if (attempt >= maxAttempts) break;
  }
  return pending;
}
