/**
 * A PutEvents-compatible endpoint for the local stack, where there is no
 * EventBridge: the events consumer reaches it through
 * `AWS_ENDPOINT_URL_EVENTBRIDGE` exactly as it reaches the bus in AWS (AWS JSON
 * 1.1, `X-Amz-Target: AWSEvents.PutEvents`). It records every accepted entry
 * and can be told to refuse chosen entries, as the real bus does under
 * throttling, so partial failures are testable. Listens on loopback only.
 */
import { randomUUID } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';

export interface RecordedEvent {
  eventId: string;
  eventBusName: string;
  source: string;
  detailType: string;
  detail: string;
}

interface WireEntry {
  EventBusName?: string;
  Source?: string;
  DetailType?: string;
  Detail?: string;
}

export interface LocalEventBus {
  url: string;
  /** Every accepted entry, in arrival order. */
  readonly events: RecordedEvent[];
  /** Every PutEvents request, as the detail-types it carried. */
  readonly requests: WireEntry[][];
  /** Refuse the entries `refuse` picks (once per `true`), answering as a throttled bus does. */
  refuseWhen(refuse: ((entry: WireEntry) => boolean) | undefined): void;
  close(): Promise<void>;
}

export async function startLocalEventBus(options: { port?: number } = {}): Promise<LocalEventBus> {
  const events: RecordedEvent[] = [];
  const requests: WireEntry[][] = [];
  let refuse: ((entry: WireEntry) => boolean) | undefined;
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const reply = (status: number, body: unknown) => {
        res.writeHead(status, { 'content-type': 'application/x-amz-json-1.1' });
        res.end(JSON.stringify(body));
      };
      if (req.method !== 'POST' || req.headers['x-amz-target'] !== 'AWSEvents.PutEvents') {
        return reply(400, { __type: 'UnknownOperationException', message: `Only AWSEvents.PutEvents is served here` });
      }
      let entries: WireEntry[];
      try {
        entries = (JSON.parse(Buffer.concat(chunks).toString('utf8')) as { Entries?: WireEntry[] }).Entries ?? [];
      } catch {
        return reply(400, { __type: 'SerializationException', message: 'Body is not JSON' });
      }
      if (entries.length === 0 || entries.length > 10) {
        return reply(400, { __type: 'ValidationException', message: 'Entries must hold 1 to 10 entries' });
      }
      requests.push(entries);
      const results = entries.map((entry) => {
        if (refuse?.(entry)) return { ErrorCode: 'ThrottlingException', ErrorMessage: 'Rate exceeded' };
        const eventId = randomUUID();
        events.push({
          eventId,
          eventBusName: entry.EventBusName ?? 'default',
          source: entry.Source ?? '',
          detailType: entry.DetailType ?? '',
          detail: entry.Detail ?? '',
        });
        return { EventId: eventId };
      });
      reply(200, { FailedEntryCount: results.filter((r) => 'ErrorCode' in r).length, Entries: results });
    });
  });
  await new Promise<void>((resolve) => server.listen(options.port ?? 0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    events,
    requests,
    refuseWhen: (fn) => {
      refuse = fn;
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
