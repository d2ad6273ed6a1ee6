/**
 * A webhook receiver on 127.0.0.1 for tests: it records every request, checks
 * its signature with the `standardwebhooks` package (the specification's
 * reference implementation, independent of the service's signing code), and
 * behaves as each test scripts it: answer a status, fail the first n requests,
 * or hang (never answer) until the client gives up.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { Webhook } from 'standardwebhooks';

export interface ReceivedMessage {
  id: string;
  timestamp: string;
  signature: string;
  body: string;
  /** Parsed body, when the signature verified with one of the receiver's secrets. */
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- message bodies are checked by assertions
  payload?: any;
  /** Which of `secrets` verified it (index), or -1. */
  verifiedBy: number;
  receivedAt: number;
  status: number;
}

export type Behaviour = { kind: 'status'; status: number; body?: string; headers?: Record<string, string> } | { kind: 'hang' };

export interface TestReceiver {
  url: string;
  /** Every request, in arrival order, with how it was answered (a hung one has status 0). */
  received: ReceivedMessage[];
  /** Secrets the receiver verifies with (the endpoint's, once it was created). */
  secrets: string[];
  /** How to answer the next requests; the last entry is kept for all later ones. */
  script: Behaviour[];
  /** Requests still open (hung). */
  readonly open: number;
  /** When each hung request was open: from its arrival to its connection's close (absent while open). */
  hangs: Array<{ from: number; to?: number }>;
  /** Resolves when `predicate` holds for the messages received so far. */
  waitFor(predicate: (messages: ReceivedMessage[]) => boolean, timeoutMs?: number): Promise<ReceivedMessage[]>;
  close(): Promise<void>;
}

export async function startReceiver(initial: Behaviour[] = [{ kind: 'status', status: 204 }]): Promise<TestReceiver> {
  const waiters = new Set<() => void>();
  const hung = new Set<http.ServerResponse>();
  const receiver = {
    received: [] as ReceivedMessage[],
    secrets: [] as string[],
    script: initial,
    hangs: [] as Array<{ from: number; to?: number }>,
  };
  const server = http.createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (c: Buffer) => chunks.push(c));
    request.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      const headers = {
        'webhook-id': String(request.headers['webhook-id'] ?? ''),
        'webhook-timestamp': String(request.headers['webhook-timestamp'] ?? ''),
        'webhook-signature': String(request.headers['webhook-signature'] ?? ''),
      };
      let verifiedBy = -1;
      let payload: unknown;
      receiver.secrets.forEach((secret, index) => {
        if (verifiedBy >= 0) return;
        try {
          payload = new Webhook(secret).verify(body, headers);
          verifiedBy = index;
        } catch {
          // Not this secret.
        }
      });
      const behaviour = receiver.script.length > 1 ? receiver.script.shift()! : receiver.script[0]!;
      const message: ReceivedMessage = {
        id: headers['webhook-id'],
        timestamp: headers['webhook-timestamp'],
        signature: headers['webhook-signature'],
        body,
        payload,
        verifiedBy,
        receivedAt: Date.now(),
        status: behaviour.kind === 'status' ? behaviour.status : 0,
      };
      receiver.received.push(message);
      if (behaviour.kind === 'hang') {
        hung.add(response);
        const interval: { from: number; to?: number } = { from: message.receivedAt };
        receiver.hangs.push(interval);
        // The socket, not the response: a response that never ends closes only with its connection.
        request.socket.once('close', () => {
          hung.delete(response);
          interval.to = Date.now();
        });
      } else response.writeHead(behaviour.status, { 'content-type': 'text/plain', ...behaviour.headers }).end(behaviour.body ?? '');
      for (const wake of [...waiters]) wake();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  // Not Object.assign: it would copy the getter's value at this moment, not the getter.
  Object.defineProperty(receiver, 'open', { get: () => hung.size });
  return Object.assign(receiver as typeof receiver & { readonly open: number }, {
    url: `http://127.0.0.1:${port}/hooks`,
    waitFor(predicate: (m: ReceivedMessage[]) => boolean, timeoutMs = 60_000) {
      return new Promise<ReceivedMessage[]>((resolve, reject) => {
        const check = () => {
          if (predicate(receiver.received)) {
            waiters.delete(check);
            clearTimeout(timer);
            resolve(receiver.received);
          }
        };
        const timer = setTimeout(() => {
          waiters.delete(check);
          reject(new Error(`receiver: condition not met within ${timeoutMs} ms; got ${receiver.received.length} message(s)`));
        }, timeoutMs);
        waiters.add(check);
        check();
      });
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const r of hung) r.destroy();
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  });
}
