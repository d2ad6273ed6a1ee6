/**
 * Unit: the EventBridge publisher's batching (10 entries, 256 KB per request,
 * order kept) and its retry of exactly the entries a partial failure refused,
 * against a scripted client.
 */
import type { PutEventsCommand, PutEventsRequestEntry, PutEventsResultEntry } from '@aws-sdk/client-eventbridge';
import { describe, expect, it } from 'vitest';
import { entrySize, MAX_REQUEST_BYTES, putAll, requestsOf } from '../../shared/streams/event-bus-publisher.js';

const entry = (n: number, detailBytes = 20): PutEventsRequestEntry => ({
  EventBusName: 'bus',
  Source: 'provisioning-service',
  DetailType: 'user.created',
  Detail: JSON.stringify({ n, pad: 'x'.repeat(Math.max(0, detailBytes - 20)) }),
});
const idOf = (e: PutEventsRequestEntry) => (JSON.parse(e.Detail!) as { n: number }).n;

/** A client that refuses the entries `refuse` names (by `n`) on the attempts listed for them, and records every request. */
function scriptedClient(refuse: Record<number, number> = {}) {
  const requests: number[][] = [];
  const refusals = new Map(Object.entries(refuse).map(([n, times]) => [Number(n), times]));
  return {
    requests,
    send: async (command: PutEventsCommand) => {
      const entries = command.input.Entries!;
      requests.push(entries.map(idOf));
      const results: PutEventsResultEntry[] = entries.map((e) => {
        const n = idOf(e);
        const left = refusals.get(n) ?? 0;
        if (left > 0) {
          refusals.set(n, left - 1);
          return { ErrorCode: 'ThrottlingException', ErrorMessage: 'Rate exceeded' };
        }
        return { EventId: `id-${n}` };
      });
      return { FailedEntryCount: results.filter((r) => r.ErrorCode).length, Entries: results };
    },
  };
}

const noSleep = { sleep: async () => {} };

describe('requestsOf', () => {
  it('cuts requests of at most 10 entries, in order', () => {
    const requests = requestsOf(Array.from({ length: 23 }, (_, i) => entry(i)));
    expect(requests.map((r) => r.map(idOf))).toEqual([
      [0, 1, 2, 3, 4, 5, 6, 7, 8, 9],
      [10, 11, 12, 13, 14, 15, 16, 17, 18, 19],
      [20, 21, 22],
    ]);
  });

  it('cuts a request before it would pass 256 KB', () => {
    const big = [entry(0, 100_000), entry(1, 100_000), entry(2, 100_000)];
    const requests = requestsOf(big);
    expect(requests.map((r) => r.map(idOf))).toEqual([[0, 1], [2]]);
    for (const r of requests) expect(r.reduce((sum, e) => sum + entrySize(e), 0)).toBeLessThanOrEqual(MAX_REQUEST_BYTES);
  });

  it('refuses an entry that alone exceeds the limit', () => {
    expect(() => requestsOf([entry(0, MAX_REQUEST_BYTES)])).toThrow(/over PutEvents' limit/);
  });
});

describe('putAll', () => {
  it('puts every entry once when all are accepted', async () => {
    const client = scriptedClient();
    expect(
      await putAll(
        client,
        Array.from({ length: 12 }, (_, i) => entry(i)),
        noSleep,
      ),
    ).toEqual([]);
    expect(client.requests).toEqual([
      [0, 1, 2, 3, 4, 5, 6, 7, 8, 9],
      [10, 11],
    ]);
  });

  it('retries exactly the refused entries of a partial failure', async () => {
    const client = scriptedClient({ 3: 1, 11: 2 });
    const delays: number[] = [];
    const failed = await putAll(
      client,
      Array.from({ length: 12 }, (_, i) => entry(i)),
      { baseDelayMs: 100, sleep: async (ms) => void delays.push(ms) },
    );
    expect(failed).toEqual([]);
    expect(client.requests).toEqual([[0, 1, 2, 3, 4, 5, 6, 7, 8, 9], [10, 11], [3, 11], [11]]);
    expect(delays).toHaveLength(2);
    expect(delays[0]).toBeLessThanOrEqual(100);
    expect(delays[1]).toBeLessThanOrEqual(200);
  });

  it('gives up after the bounded attempts and returns what is still refused, in order', async () => {
    const client = scriptedClient({ 1: 99, 4: 99 });
    const failed = await putAll(
      client,
      [0, 1, 2, 3, 4].map((n) => entry(n)),
      { maxAttempts: 3, ...noSleep },
    );
    expect(failed).toEqual([1, 4]);
    expect(client.requests).toEqual([
      [0, 1, 2, 3, 4],
      [1, 4],
      [1, 4],
    ]);
  });

  it('treats an entry without a result as refused, and retries it', async () => {
    const requests: number[] = [];
    const client = {
      send: async (command: PutEventsCommand) => {
        requests.push(command.input.Entries!.length);
        return { FailedEntryCount: 0, Entries: [{ EventId: 'a' }] };
      },
    };
    expect(await putAll(client, [entry(0), entry(1)], { maxAttempts: 2, ...noSleep })).toEqual([]);
    expect(requests).toEqual([2, 1]);
  });
});
