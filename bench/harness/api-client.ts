/**
 * The load generator's HTTP client: speaks to the gateway as an IdP or an admin
 * console would (bearer token, JSON), and fails loudly on an unexpected status so
 * a benchmark never times a stream of errors.
 */

export interface ApiResponse<T = unknown> {
  status: number;
  body: T;
}

export class UnexpectedStatusError extends Error {
  override readonly name = 'UnexpectedStatusError';
}

export class ApiClient {
  constructor(
    readonly baseUrl: string,
    private readonly token: string,
    private readonly contentType = 'application/json',
  ) {}

  /** One request; `expect` lists the statuses that count as success. */
  async call<T = unknown>(method: string, path: string, body?: unknown, expect: readonly number[] = [200, 201, 204]): Promise<ApiResponse<T>> {
    const headers: Record<string, string> = { authorization: `Bearer ${this.token}` };
    if (body !== undefined) headers['content-type'] = this.contentType;
    const response = await fetch(`${this.baseUrl}${path}`, {
      method,
      headers,
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await response.text();
    if (!expect.includes(response.status)) {
      throw new UnexpectedStatusError(`${method} ${path} answered ${response.status}: ${text.slice(0, 400)}`);
    }
    return { status: response.status, body: (text ? JSON.parse(text) : undefined) as T };
  }
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
