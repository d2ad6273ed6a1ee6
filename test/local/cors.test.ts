/**
 * CORS only where a browser calls: the admin API and sign-in routes answer
 * preflights and carry the allow-origin header for listed origins; SCIM never does.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { setTestEnvironment } from '../setup/process-env.js';
import { startTestGateway, type TestGateway } from '../support/gateway.js';
import { createTestTenant, type TestTenant } from '../support/tenants.js';

const CONSOLE = 'https://console.example.com';
let gateway: TestGateway;
let tenant: TestTenant;

beforeAll(async () => {
  setTestEnvironment({ CORS_ALLOWED_ORIGINS: `${CONSOLE},https://other-console.example.com` });
  tenant = await createTestTenant({ prefix: 'cors', mode: 'scim' });
  gateway = await startTestGateway();
});

afterAll(async () => {
  await gateway?.close();
});

const preflight = (path: string, origin: string) => gateway.request(path, { method: 'OPTIONS', headers: { origin, 'access-control-request-method': 'GET' } });

describe('CORS', () => {
  it('answers a preflight of an admin route from a listed origin', async () => {
    const res = await preflight('/api/svc/v1/users', CONSOLE);
    expect(res.status).toBe(204);
    expect(res.headers.get('access-control-allow-origin')).toBe(CONSOLE);
    expect(res.headers.get('access-control-allow-headers')).toContain('authorization');
    expect(res.headers.get('access-control-allow-methods')).toContain('PATCH');
  });

  it('refuses preflights from other origins and on SCIM paths', async () => {
    const foreign = await preflight('/api/svc/v1/users', 'https://evil.example.com');
    expect(foreign.status).toBe(405);
    expect(foreign.headers.get('access-control-allow-origin')).toBeNull();
    const scim = await preflight(`/scim/v2/${tenant.tenantId}/Users`, CONSOLE);
    expect(scim.status).toBe(405);
    expect(scim.headers.get('access-control-allow-origin')).toBeNull();
  });

  it('lets a listed origin read admin answers, errors included, but never SCIM ones', async () => {
    const ok = await gateway.request('/api/svc/v1/users', { token: tenant.adminToken, headers: { origin: CONSOLE } });
    expect(ok.status).toBe(200);
    expect(ok.headers.get('access-control-allow-origin')).toBe(CONSOLE);
    expect(ok.headers.get('vary')).toBe('origin');
    const refused = await gateway.request('/api/svc/v1/users', { headers: { origin: CONSOLE } });
    expect(refused.status).toBe(401);
    expect(refused.headers.get('access-control-allow-origin')).toBe(CONSOLE);
    const scim = await gateway.request(`/scim/v2/${tenant.tenantId}/Users`, { token: tenant.scimToken!, headers: { origin: CONSOLE } });
    expect(scim.status).toBe(200);
    expect(scim.headers.get('access-control-allow-origin')).toBeNull();
  });
});
