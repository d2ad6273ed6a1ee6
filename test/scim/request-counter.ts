/**
 * Counts the DynamoDB requests a piece of code makes, by wrapping `send` of the
 * process's document client (every Table and Transaction goes through it; the
 * test gateway runs handlers in this process).
 */
import { dynamoDocumentClient } from '../../shared/storage/client.js';

export interface RecordedRequest {
  command: string;
  input: { ExpressionAttributeValues?: Record<string, unknown> } & Record<string, unknown>;
  /** Items a Query read (its ScannedCount, before any filter), once it has answered. */
  scanned?: number;
  /** The request was refused (a failed condition, say), once it has answered. */
  failed?: boolean;
  /** When it was sent and when it settled, on one clock shared by the requests of a count. */
  sentAt: number;
  settledAt?: number;
}

export async function countRequests<T>(body: () => Promise<T>): Promise<{ result: T; requests: RecordedRequest[] }> {
  const client = dynamoDocumentClient();
  const original = client.send;
  const requests: RecordedRequest[] = [];
  let clock = 0;
  client.send = ((command: { constructor: { name: string }; input: Record<string, unknown> }, ...rest: unknown[]) => {
    const recorded: RecordedRequest = { command: command.constructor.name, input: command.input, sentAt: clock++ };
    requests.push(recorded);
    return (original as (...a: unknown[]) => Promise<{ ScannedCount?: number }>).call(client, command, ...rest).then(
      (out) => {
        recorded.scanned = out?.ScannedCount;
        recorded.settledAt = clock++;
        return out;
      },
      (error: unknown) => {
        recorded.failed = true;
        recorded.settledAt = clock++;
        throw error;
      },
    );
  }) as typeof client.send;
  try {
    return { result: await body(), requests };
  } finally {
    client.send = original;
  }
}

/**
 * A token's `lastUsedAt` write: it lands in at most one request a minute
 * (shared/auth/last-used.ts), so it is part of no operation's cost, and a count
 * that includes it fails whenever a sample happens to carry it.
 */
export const isTokenTouch = (r: RecordedRequest): boolean => r.command === 'UpdateCommand' && String(r.input.UpdateExpression).includes('lastUsedAt');

/**
 * A SCIM request's count for the Provisioning page (shared/health/scim-request-meter.ts): one
 * UpdateItem (and one PutItem per error) on the tenant's `HEALTH#` partition, sent beside the
 * operation rather than in series with it (deployed, at most once a second per instance; the
 * tests' environment writes each request's); test/health pins it exactly, so it is no operation's cost here.
 */
export const isHealthCount = (r: RecordedRequest): boolean => {
  const pk = ((r.input.Key ?? r.input.Item) as { PK?: unknown } | undefined)?.PK;
  return (r.command === 'UpdateCommand' || r.command === 'PutCommand') && typeof pk === 'string' && pk.startsWith('HEALTH#');
};

/** {@link countRequests} without token touches and health counts: the requests the operation itself made. */
export async function countOwnRequests<T>(body: () => Promise<T>): Promise<{ result: T; requests: RecordedRequest[] }> {
  const { result, requests } = await countRequests(body);
  return { result, requests: requests.filter((r) => !isTokenTouch(r) && !isHealthCount(r)) };
}

/** How many requests of each command. */
export const tally = (requests: RecordedRequest[]) => requests.reduce<Record<string, number>>((t, r) => ({ ...t, [r.command]: (t[r.command] ?? 0) + 1 }), {});

/**
 * How many round trips the requests took one after another. A request was sent
 * because of the last request to answer before it left (code sends on the
 * continuation of what it awaited), so its depth is one more than that one's;
 * requests in flight together count once, and a request that could have gone
 * earlier but did not counts as one more. Taking any earlier answer as the cause
 * instead would chain two independent sweeps whenever one happened to finish first.
 */
export function sequentialDepth(requests: readonly RecordedRequest[]): number {
  const depth = new Map<RecordedRequest, number>();
  for (const r of [...requests].sort((a, b) => a.sentAt - b.sentAt)) {
    const cause = requests
      .filter((q) => q.settledAt !== undefined && q.settledAt < r.sentAt)
      .reduce<RecordedRequest | undefined>((latest, q) => (latest && latest.settledAt! > q.settledAt! ? latest : q), undefined);
    depth.set(r, 1 + (cause ? (depth.get(cause) ?? 0) : 0));
  }
  return Math.max(0, ...depth.values());
}
