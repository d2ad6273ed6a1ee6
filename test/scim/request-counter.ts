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
}

export async function countRequests<T>(body: () => Promise<T>): Promise<{ result: T; requests: RecordedRequest[] }> {
  const client = dynamoDocumentClient();
  const original = client.send;
  const requests: RecordedRequest[] = [];
  client.send = ((command: { constructor: { name: string }; input: Record<string, unknown> }, ...rest: unknown[]) => {
    const recorded: RecordedRequest = { command: command.constructor.name, input: command.input };
    requests.push(recorded);
    return (original as (...a: unknown[]) => Promise<{ ScannedCount?: number }>).call(client, command, ...rest).then((out) => {
      recorded.scanned = out?.ScannedCount;
      return out;
    });
  }) as typeof client.send;
  try {
    return { result: await body(), requests };
  } finally {
    client.send = original;
  }
}

/** How many requests of each command. */
export const tally = (requests: RecordedRequest[]) =>
  requests.reduce<Record<string, number>>((t, r) => ({ ...t, [r.command]: (t[r.command] ?? 0) + 1 }), {});
