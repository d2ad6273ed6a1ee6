/**
 * HTTP tests of the SCIM server: a gateway and a fresh SCIM tenant per file, and
 * a small client that speaks SCIM (bearer token, `application/scim+json`).
 */
import { startTestGateway, type TestGateway } from '../support/gateway.js';
import { createTestTenant, type TestTenant } from '../support/tenants.js';

/** A JSON body as the tests read it: asserted on, not typed. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- bodies are checked by assertions, field by field
export type Json = any;

export interface ScimResponse<T = Json> {
  status: number;
  body: T;
  headers: Headers;
}

export interface ScimTestClient {
  gateway: TestGateway;
  tenant: TestTenant;
  base: string;
  call<T = Json>(method: string, path: string, body?: unknown, headers?: Record<string, string>): Promise<ScimResponse<T>>;
  close(): Promise<void>;
}

/** A client for a fresh SCIM tenant; pass a running gateway to share it, or one is started (and closed by `close`). */
export async function startScimClient(prefix = 'scim', shared?: TestGateway): Promise<ScimTestClient> {
  const gateway = shared ?? (await startTestGateway());
  const tenant = await createTestTenant({ prefix, mode: 'scim' });
  const base = `/scim/v2/${tenant.tenantId}`;
  return {
    gateway,
    tenant,
    base,
    async call(method, path, body, headers = {}) {
      const init: RequestInit & { token?: string } = { method, token: tenant.scimToken!, headers: { ...headers } };
      if (body !== undefined) {
        init.body = typeof body === 'string' ? body : JSON.stringify(body);
        (init.headers as Record<string, string>)['content-type'] ??= 'application/scim+json';
      }
      const res = await gateway.request(path.startsWith('/scim/') ? path : `${base}${path}`, init);
      const text = await res.text();
      return { status: res.status, body: text ? JSON.parse(text) : undefined, headers: res.headers };
    },
    close: () => (shared ? Promise.resolve() : gateway.close()),
  };
}

export const USER_SCHEMA = 'urn:ietf:params:scim:schemas:core:2.0:User';
export const ENTERPRISE = 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User';
export const GROUP_SCHEMA = 'urn:ietf:params:scim:schemas:core:2.0:Group';
export const PATCH_OP = 'urn:ietf:params:scim:api:messages:2.0:PatchOp';
export const ERROR_SCHEMA = 'urn:ietf:params:scim:api:messages:2.0:Error';
