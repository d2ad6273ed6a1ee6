/**
 * The load generator's HTTP client: speaks to the gateway as an IdP or an admin
 * console would (bearer token, JSON, HTTP/1.1 over TCP with keep-alive), and fails
 * loudly on an unexpected status so a benchmark never times a stream of errors.
 *
 * Built on `node:http` rather than `fetch`: the load generator shares the
 * handlers' process and its CPU is counted against our code, and undici's fetch
 * (WHATWG streams, per-request body machinery) cost 0.4 to 0.8 ms more CPU per
 * request here, about half of what an authenticated SCIM request costs this
 * process in all. The requests on the wire are the same.
 */
import http from 'node:http';

export interface ApiResponse<T = unknown> {
  status: number;
  body: T;
}

export class UnexpectedStatusError extends Error {
  override readonly name = 'UnexpectedStatusError';
}

/**
 * One pool of kept-alive connections for every client, like an IdP's sync engine.
 * An idle connection is dropped after 4 s, before the gateway's 5 s keep-alive
 * timeout can close it under a request just sent (the benchmarks pause between
 * phases while the floors run).
 */
const agent = new http.Agent({ keepAlive: true, maxSockets: 64, timeout: 4_000 });

export class ApiClient {
  private readonly base: URL;
  /** Requests repeated after a 503 or 429. */
  retried = 0;

  constructor(
    readonly baseUrl: string,
    private readonly token: string,
    private readonly contentType = 'application/json',
  ) {
    this.base = new URL(baseUrl);
  }

  /** One request; `expect` lists the statuses that count as success. */
  async call<T = unknown>(method: string, path: string, body?: unknown, expect: readonly number[] = [200, 201, 204]): Promise<ApiResponse<T>> {
    const payload = body === undefined ? undefined : Buffer.from(JSON.stringify(body), 'utf8');
    const headers: Record<string, string | number> = { authorization: `Bearer ${this.token}` };
    if (payload) {
      headers['content-type'] = this.contentType;
      headers['content-length'] = payload.length;
    }
    let { status, text } = await send(this.base, `${this.base.pathname}${path}`, method, headers, payload);
    // As an IdP does: a 503 or 429 is retried after a pause (on a machine loaded enough for DynamoDB Local to
    // pass the storage client's timeout). A create that committed before its 503 answers 409 on the retry.
    for (let attempt = 1; (status === 503 || status === 429) && attempt <= 5; attempt++) {
      this.retried++;
      await new Promise((resolve) => setTimeout(resolve, 250 * attempt));
      ({ status, text } = await send(this.base, `${this.base.pathname}${path}`, method, headers, payload));
    }
    if (!expect.includes(status)) {
      throw new UnexpectedStatusError(`${method} ${path} answered ${status}: ${text.slice(0, 400)}`);
    }
    return { status, body: (text ? JSON.parse(text) : undefined) as T };
  }
}

function send(
  base: URL,
  path: string,
  method: string,
  headers: Record<string, string | number>,
  payload: Buffer | undefined,
): Promise<{ status: number; text: string }> {
  return new Promise((resolve, reject) => {
    const request = http.request({ agent, host: base.hostname, port: base.port, method, path, headers }, (response) => {
      const chunks: Buffer[] = [];
      response.on('data', (chunk: Buffer) => chunks.push(chunk));
      response.once('end', () => resolve({ status: response.statusCode ?? 0, text: Buffer.concat(chunks).toString('utf8') }));
      response.once('error', reject);
    });
    request.once('error', reject);
    request.end(payload);
  });
}

/** A SCIM client for one tenant (`/scim/v2/<tenant>` prefix, `application/scim+json`). */
export function scimClient(gatewayUrl: string, tenantId: string, scimToken: string): ApiClient {
  return new ApiClient(`${gatewayUrl}/scim/v2/${tenantId}`, scimToken, 'application/scim+json');
}

/** An admin API client (`/api/svc/v1` prefix) with a tenant admin's PAT. */
export function adminClient(gatewayUrl: string, adminToken: string): ApiClient {
  return new ApiClient(`${gatewayUrl}/api/svc/v1`, adminToken);
}

export const SCIM_USER = 'urn:ietf:params:scim:schemas:core:2.0:User';
export const SCIM_GROUP = 'urn:ietf:params:scim:schemas:core:2.0:Group';
export const SCIM_PATCH = 'urn:ietf:params:scim:api:messages:2.0:PatchOp';
