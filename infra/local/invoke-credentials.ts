/**
 * Who may call the local Lambda-invoke endpoint: only the Cognito emulator of
 * this run. The triggers it runs write to the table (provision users, grant
 * claims), so a page or process on the machine that could call it directly
 * could mint users or claims. Each run makes fresh credentials, hands them to
 * cognito-local in its config (its SDK signs every Invoke with AWS Signature
 * Version 4), and the endpoint verifies that signature: the access key, the
 * HMAC over method, path, query, signed headers and body, and a request time
 * within five minutes, as Lambda does.
 */
import { createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import type http from 'node:http';

export interface InvokeCredentials {
  accessKeyId: string;
  secretAccessKey: string;
}

/** Fresh credentials for one run of the endpoint. */
export const newInvokeCredentials = (): InvokeCredentials => ({
  accessKeyId: `LOCAL${randomBytes(8).toString('hex').toUpperCase()}`,
  secretAccessKey: randomBytes(32).toString('base64url'),
});

const MAX_SKEW_MS = 5 * 60_000;
const AUTHORIZATION = /^AWS4-HMAC-SHA256 Credential=([^/]+)\/(\d{8})\/([^/]+)\/([^/]+)\/aws4_request, ?SignedHeaders=([a-z0-9;-]+), ?Signature=([0-9a-f]{64})$/;

const sha256 = (data: string | Buffer) => createHash('sha256').update(data).digest('hex');
const hmac = (key: string | Buffer, data: string) => createHmac('sha256', key).update(data, 'utf8').digest();

/** RFC 3986 encoding, as SigV4 wants it. */
const encode = (text: string) => encodeURIComponent(text).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);

/** Whether `request` (with its `body`) carries a valid SigV4 signature made with `credentials`. */
export function isSignedBy(request: http.IncomingMessage, body: Buffer, credentials: InvokeCredentials, now = Date.now()): boolean {
  const match = AUTHORIZATION.exec(String(request.headers.authorization ?? ''));
  if (!match) return false;
  const [, accessKeyId, day, region, service, signedHeaderList, signature] = match as unknown as string[];
  if (accessKeyId !== credentials.accessKeyId) return false;
  const amzDate = String(request.headers['x-amz-date'] ?? '');
  const at = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/.exec(amzDate);
  if (!at || !amzDate.startsWith(day!)) return false;
  const signedAt = Date.UTC(+at[1]!, +at[2]! - 1, +at[3]!, +at[4]!, +at[5]!, +at[6]!);
  if (Math.abs(now - signedAt) > MAX_SKEW_MS) return false;

  const signedHeaders = signedHeaderList!.split(';');
  if (!signedHeaders.includes('host') || !signedHeaders.includes('x-amz-date')) return false;
  const canonicalHeaders = signedHeaders
    .map(
      (name) =>
        `${name}:${String(request.headers[name] ?? '')
          .trim()
          .replace(/\s+/g, ' ')}\n`,
    )
    .join('');
  const [rawPath = '/', rawQuery = ''] = (request.url ?? '/').split('?');
  // Services other than S3 sign the path as sent, encoded once more.
  const canonicalUri = rawPath.split('/').map(encode).join('/');
  const canonicalQuery = rawQuery
    .split('&')
    .filter(Boolean)
    .map((pair) => pair.split('=').map((part) => encode(decodeURIComponent(part.replace(/\+/g, ' ')))))
    .sort(([a = '', x = ''], [b = '', y = '']) => (a === b ? (x < y ? -1 : 1) : a < b ? -1 : 1))
    .map(([k = '', v = '']) => `${k}=${v}`)
    .join('&');
  const payloadHash = sha256(body);
  const claimedPayload = request.headers['x-amz-content-sha256'];
  if (claimedPayload !== undefined && claimedPayload !== payloadHash) return false;
  const canonicalRequest = [request.method ?? '', canonicalUri, canonicalQuery, canonicalHeaders, signedHeaderList, payloadHash].join('\n');
  const scope = `${day}/${region}/${service}/aws4_request`;
  const stringToSign = ['AWS4-HMAC-SHA256', amzDate, scope, sha256(canonicalRequest)].join('\n');
  const key = hmac(hmac(hmac(hmac(`AWS4${credentials.secretAccessKey}`, day!), region!), service!), 'aws4_request');
  const expected = Buffer.from(createHmac('sha256', key).update(stringToSign, 'utf8').digest('hex'));
  const given = Buffer.from(signature!);
  return expected.length === given.length && timingSafeEqual(expected, given);
}
