/**
 * Sends one webhook request to a tenant-chosen URL without letting the URL
 * reach what it must not:
 *
 * - the host is resolved here, every address it resolves to is checked
 *   (./address-policy.ts), and the connection goes to the vetted address
 *   through a `lookup` that answers only that address: no second resolution a
 *   rebinding DNS server could answer differently;
 * - TLS still verifies the certificate for the URL's host name (SNI and Host
 *   are the name, not the address);
 * - one deadline for everything (resolution, connection, TLS, response):
 *   10 seconds;
 * - redirects are never followed (a 3xx is a failed attempt), and at most 64 KiB
 *   of a response is read, of which 1 KiB is kept.
 */
import dns from 'node:dns';
import http from 'node:http';
import https from 'node:https';
import { isIP, type LookupFunction } from 'node:net';
import { mayConnectTo } from './address-policy.js';
import { hostOf, urlProblem } from './endpoint-url.js';

export const REQUEST_TIMEOUT_MS = 10_000;
export const MAX_RESPONSE_BYTES = 64 * 1024;
export const EXCERPT_BYTES = 1024;
const USER_AGENT = 'provisioning-webhooks/1';

/** Resolves a host name to every address it has (the node:dns promise shape). */
export type Resolver = (host: string) => Promise<Array<{ address: string; family: number }>>;

const systemResolver: Resolver = (host) => dns.promises.lookup(host, { all: true, verbatim: true });

export interface SendOptions {
  allowLoopback: boolean;
  timeoutMs?: number;
  resolver?: Resolver;
}

export interface SendResult {
  outcome: 'delivered' | 'failed';
  statusCode?: number;
  latencyMs: number;
  responseExcerpt?: string;
  /** Why it failed, in words fit for a tenant admin (no internal address is named). */
  error?: string;
}

/** POSTs `body` with `headers` to `url`; never throws for anything the destination does. */
export async function sendWebhook(url: string, headers: Record<string, string>, body: string, options: SendOptions): Promise<SendResult> {
  const started = performance.now();
  const elapsed = () => Math.round(performance.now() - started);
  const timeoutMs = options.timeoutMs ?? REQUEST_TIMEOUT_MS;
  const problem = urlProblem(url, { allowLoopback: options.allowLoopback });
  if (problem) return { outcome: 'failed', latencyMs: elapsed(), error: `refused: the url ${problem}` };
  const target = new URL(url);
  const deadline = AbortSignal.timeout(timeoutMs);

  let address: { address: string; family: number };
  try {
    address = await vettedAddress(hostOf(target), options, deadline);
  } catch (error) {
    return { outcome: 'failed', latencyMs: elapsed(), error: (error as Error).message };
  }

  return new Promise<SendResult>((resolve) => {
    let settled = false;
    const finish = (result: Omit<SendResult, 'latencyMs'>) => {
      if (settled) return;
      settled = true;
      resolve({ ...result, latencyMs: elapsed() });
    };
    const lookup: LookupFunction = (_host, opts, callback) => {
      if ((opts as { all?: boolean }).all) (callback as (e: null, a: Array<{ address: string; family: number }>) => void)(null, [address]);
      else callback(null, address.address, address.family);
    };
    const transport = target.protocol === 'https:' ? https : http;
    const request = transport.request(
      target,
      {
        method: 'POST',
        headers: { ...headers, 'content-type': 'application/json', 'content-length': Buffer.byteLength(body), 'user-agent': USER_AGENT },
        lookup,
        agent: false,
        signal: deadline,
        // An IP literal has no name to present; a host name is presented and verified as usual.
        ...(target.protocol === 'https:' && isIP(hostOf(target)) === 0 ? { servername: hostOf(target) } : {}),
      },
      (response) => {
        const status = response.statusCode ?? 0;
        const chunks: Buffer[] = [];
        let size = 0;
        const done = () => {
          const text = Buffer.concat(chunks).subarray(0, EXCERPT_BYTES).toString('utf8');
          const excerpt = text.length > 0 ? text : undefined;
          if (status >= 200 && status < 300) finish({ outcome: 'delivered', statusCode: status, responseExcerpt: excerpt });
          else if (status >= 300 && status < 400)
            finish({ outcome: 'failed', statusCode: status, responseExcerpt: excerpt, error: 'redirects are not followed' });
          else finish({ outcome: 'failed', statusCode: status, responseExcerpt: excerpt, error: `HTTP ${status}` });
        };
        response.on('data', (chunk: Buffer) => {
          if (size < MAX_RESPONSE_BYTES) chunks.push(chunk.subarray(0, MAX_RESPONSE_BYTES - size));
          size += chunk.length;
          if (size >= MAX_RESPONSE_BYTES) {
            response.destroy();
            done();
          }
        });
        response.on('end', done);
        const cut = () => (deadline.aborted ? finish({ outcome: 'failed', statusCode: status, error: timeoutMessage(timeoutMs) }) : done());
        response.on('error', cut);
        response.on('close', cut);
      },
    );
    request.on('error', (error: NodeJS.ErrnoException) => {
      finish({ outcome: 'failed', error: deadline.aborted ? timeoutMessage(timeoutMs) : connectionMessage(error) });
    });
    request.end(body);
  });
}

/** The address to connect to: every resolved address must be allowed. */
async function vettedAddress(host: string, options: SendOptions, deadline: AbortSignal): Promise<{ address: string; family: number }> {
  const family = isIP(host);
  const addresses = family !== 0 ? [{ address: host, family }] : await withDeadline((options.resolver ?? systemResolver)(host), deadline, host);
  if (addresses.length === 0) throw new Error(`could not resolve ${host}`);
  if (addresses.some((a) => !mayConnectTo(a.address, { allowLoopback: options.allowLoopback }))) {
    throw new Error(`refused: ${host} resolves to a private, loopback, link-local or reserved address`);
  }
  return addresses[0]!;
}

async function withDeadline<T>(work: Promise<T>, deadline: AbortSignal, host: string): Promise<T> {
  if (deadline.aborted) throw new Error(`could not resolve ${host} in time`);
  let onAbort: () => void = () => {};
  const aborted = new Promise<never>((_, reject) => {
    onAbort = () => reject(new Error(`could not resolve ${host} in time`));
    deadline.addEventListener('abort', onAbort, { once: true });
  });
  try {
    return await Promise.race([work.catch(() => Promise.reject(new Error(`could not resolve ${host}`))), aborted]);
  } finally {
    deadline.removeEventListener('abort', onAbort);
  }
}

const timeoutMessage = (ms: number) => `no response within ${ms / 1000} s`;

function connectionMessage(error: NodeJS.ErrnoException): string {
  switch (error.code) {
    case 'ECONNREFUSED':
      return 'connection refused';
    case 'ECONNRESET':
      return 'connection reset';
    case 'EHOSTUNREACH':
    case 'ENETUNREACH':
      return 'host unreachable';
    default:
      return error.code?.startsWith('ERR_TLS') || error.code?.includes('CERT')
        ? `TLS error (${error.code})`
        : `connection failed${error.code ? ` (${error.code})` : ''}`;
  }
}
