/**
 * A Lambda Invoke request signed as cognito-local's SDK (aws-sdk v2) signs it,
 * sent over plain HTTP so a test sees the endpoint's raw answer.
 */
import http from 'node:http';
import { createRequire } from 'node:module';
import type { InvokeCredentials } from '../../infra/local/invoke-credentials.js';

interface V2HttpRequest {
  method: string;
  path: string;
  body: string;
  headers: Record<string, string>;
}

/**
 * What signs a request in aws-sdk v2: its core, without the clients. Typed here
 * rather than by the package, whose typings declare every v2 client, some
 * 930,000 lines that the type check would otherwise parse on every run.
 */
interface AwsV2Core {
  HttpRequest: new (endpoint: unknown, region: string) => V2HttpRequest;
  Endpoint: new (url: string) => unknown;
  Credentials: new (credentials: InvokeCredentials) => unknown;
  Signers: { V4: new (request: V2HttpRequest, service: string) => { addAuthorization(credentials: unknown, date: Date): void } };
}

const AWS = createRequire(import.meta.url)('aws-sdk/global') as AwsV2Core;

export interface RawAnswer {
  status: number;
  headers: http.IncomingHttpHeaders;
  text: string;
}

/**
 * POSTs `body` to `path` of `baseUrl`, signed with `credentials` unless they are
 * omitted; `tamper` may alter the signed headers, and `sentBody` replaces the
 * body after signing.
 */
export function signedRequest(
  baseUrl: string,
  path: string,
  body: string,
  credentials?: InvokeCredentials,
  tamper: (headers: Record<string, string>) => Record<string, string> = (h) => h,
  sentBody: string = body,
): Promise<RawAnswer> {
  const url = new URL(baseUrl);
  const request = new AWS.HttpRequest(new AWS.Endpoint(baseUrl), 'local');
  request.method = 'POST';
  request.path = path;
  request.body = body;
  request.headers.Host = url.host;
  request.headers['Content-Type'] = 'application/json';
  if (credentials) new AWS.Signers.V4(request, 'lambda').addAuthorization(new AWS.Credentials(credentials), new Date());
  const headers = tamper({ ...request.headers, 'Content-Length': String(Buffer.byteLength(sentBody)) });
  return new Promise((resolve, reject) => {
    const outgoing = http.request({ host: url.hostname, port: url.port, method: 'POST', path, headers }, (response) => {
      const chunks: Buffer[] = [];
      response.on('data', (c: Buffer) => chunks.push(c));
      response.on('end', () => resolve({ status: response.statusCode ?? 0, headers: response.headers, text: Buffer.concat(chunks).toString('utf8') }));
    });
    outgoing.on('error', reject);
    outgoing.end(sentBody);
  });
}

export const invokePath = (name: string) => `/2015-03-31/functions/${encodeURIComponent(name)}/invocations`;
