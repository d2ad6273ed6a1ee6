/** The provisioning settings API over HTTP: modes, SSO rules, capability matrix, ETags, who may call it. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ProvisioningSettingsResponse, SsoSettingsResponse } from '../../shared/tenants/provisioning-schemas.js';
import { TenantRepository } from '../../shared/tenants/tenant-repository.js';
import { startTestGateway, type TestGateway } from '../support/gateway.js';
import { createTestTenant, type TestTenant } from '../support/tenants.js';
import { handler as preTokenGeneration } from '../../functions/triggers/pre-token-generation.js';
import { UserRepository } from '../../shared/users/user-repository.js';
import { fixtureEvent } from '../signin/fixture-events.js';
import { auditEvents, createMember } from './support.js';

const PATH = '/api/svc/v1/provisioning';
const OKTA = {
  type: 'oidc' as const,
  providerName: 'Okta',
  issuer: 'https://acme.okta.example',
  clientId: 'client-1',
  clientSecretRef: 'arn:aws:secretsmanager:eu-west-1:1:secret:okta',
  scopes: ['openid', 'email'],
};

let gateway: TestGateway;
beforeAll(async () => {
  gateway = await startTestGateway();
});
afterAll(() => gateway.close());

const json = async (res: Response) => (await res.json()) as Record<string, unknown>;
const put = (tenant: TestTenant, body: unknown, headers: Record<string, string> = {}) =>
  gateway.request(PATH, { method: 'PUT', token: tenant.adminToken, headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) });

describe('GET /provisioning', () => {
  it('serves the mode, SCIM URL, ETag and the capability matrix of every mode', async () => {
    const tenant = await createTestTenant({ prefix: 'prov', mode: 'scim' });
    const res = await gateway.request(PATH, { token: tenant.adminToken });
    expect(res.status).toBe(200);
    expect(res.headers.get('etag')).toBe('W/"1"');
    const body = ProvisioningSettingsResponse.parse(await res.json());
    expect(body).toMatchObject({
      tenantId: tenant.tenantId,
      mode: 'scim',
      ssoConfigured: false,
      ssoEnforced: false,
      scimEnabled: true,
      scimUrl: `${gateway.url}/scim/v2/${tenant.tenantId}`,
      version: 1,
    });
    expect(body.capabilities.createsUsers).toEqual(['scim-client', 'tenant-admin']);
    // Admins invite people who are not in the IdP in every mode.
    expect(body.modes.map((m) => m.invitations)).toEqual([true, true, true]);
    expect(body.modes.map((m) => [m.mode, m.available])).toEqual([
      ['scim', true],
      ['jit', false],
      ['invite-only', true],
    ]);
    expect(body.modes[1]!.unavailableReason).toMatch(/requires single sign-on to be configured and enforced/);
    expect(body.modes[1]!.createsUsers).toEqual(['sign-in', 'tenant-admin']);
    expect(body.modes[2]!.invitations).toBe(true);
  });

  it('refuses members (403) and anonymous callers (401)', async () => {
    const tenant = await createTestTenant({ prefix: 'prov' });
    const member = await createMember(tenant.table, tenant.tenantId);
    for (const path of [PATH, `${PATH}/sso`, `${PATH}/scim-token`]) {
      const asMember = await gateway.request(path, { token: member.token });
      expect(asMember.status, path).toBe(403);
      expect((await json(asMember)).code).toBe('auth.admin_required');
      expect((await gateway.request(path)).status, path).toBe(401);
    }
    const putAsMember = await gateway.request(PATH, {
      method: 'PUT',
      token: member.token,
      headers: { 'content-type': 'application/json' },
      body: '{"mode":"invite-only"}',
    });
    expect(putAsMember.status).toBe(403);
    expect((await new TenantRepository(tenant.table).require(tenant.tenantId)).mode).toBe('scim');
  });
});

describe('PUT /provisioning', () => {
  it('switches the mode, bumps the version, audits the change and answers the new settings', async () => {
    const tenant = await createTestTenant({ prefix: 'prov', mode: 'scim' });
    const res = await put(tenant, { mode: 'invite-only' });
    expect(res.status).toBe(200);
    expect(res.headers.get('etag')).toBe('W/"2"');
    const body = ProvisioningSettingsResponse.parse(await res.json());
    expect(body).toMatchObject({ mode: 'invite-only', scimEnabled: false, version: 2 });
    expect(body.capabilities.mode).toBe('invite-only');
    const events = (await auditEvents(tenant.table, tenant.tenantId)).filter((e) => e.action.startsWith('provisioning.'));
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({
      action: 'provisioning.mode_changed',
      actor: { type: 'user', id: tenant.adminUserId },
      changes: { before: { mode: 'scim' }, after: { mode: 'invite-only' } },
    });
  });

  it('writes nothing for a PUT that changes nothing', async () => {
    const tenant = await createTestTenant({ prefix: 'prov', mode: 'scim' });
    const res = await put(tenant, { mode: 'scim' });
    expect(res.status).toBe(200);
    expect((await json(res)).version).toBe(1);
    expect((await auditEvents(tenant.table, tenant.tenantId)).filter((e) => e.action.startsWith('provisioning.'))).toEqual([]);
  });

  it.each([
    [{ mode: 'manual' }, 'mode'],
    [{}, 'mode'],
    [{ mode: 'scim', ssoEnforced: 'yes' }, 'ssoEnforced'],
    [{ mode: 'scim', colour: 'blue' }, 'colour'],
    [{ mode: 'scim', breakGlassEmails: ['not-an-email'] }, 'breakGlassEmails.0'],
    [{ mode: 'scim', breakGlassEmails: Array.from({ length: 6 }, (_, i) => `a${i}@x.example`) }, 'breakGlassEmails'],
  ])('refuses %j with a 400 naming %s, changing nothing', async (body, field) => {
    const tenant = await createTestTenant({ prefix: 'prov' });
    const res = await put(tenant, body);
    expect(res.status).toBe(400);
    const error = await json(res);
    expect(error.code).toBe('request.invalid');
    // Unknown keys are reported on the body with the key in the message; others by path.
    const details = error.details as Array<{ field: string; message: string }>;
    expect(details.some((d) => d.field === field || d.message.includes(`"${field}"`))).toBe(true);
    expect((await new TenantRepository(tenant.table).require(tenant.tenantId)).version).toBe(1);
  });

  it('refuses JIT without SSO configured and enforced, saying so', async () => {
    const noSso = await createTestTenant({ prefix: 'prov' });
    const res = await put(noSso, { mode: 'jit', ssoEnforced: true });
    expect(res.status).toBe(400);
    expect(await json(res)).toMatchObject({ code: 'provisioning.sso_not_configured', details: [{ field: 'ssoEnforced' }] });

    const notEnforced = await createTestTenant({ prefix: 'prov', sso: OKTA });
    const res2 = await put(notEnforced, { mode: 'jit' });
    expect(res2.status).toBe(400);
    const error = await json(res2);
    expect(error).toMatchObject({ code: 'provisioning.jit_requires_sso', details: [{ field: 'mode' }] });
    expect(error.message).toMatch(/JIT provisioning requires single sign-on to be configured and enforced/);
    expect((await new TenantRepository(notEnforced.table).require(notEnforced.tenantId)).mode).toBe('scim');

    const ok = await put(notEnforced, { mode: 'jit', ssoEnforced: true, breakGlassEmails: ['Root@Acme.example'] });
    expect(ok.status).toBe(200);
    expect(await json(ok)).toMatchObject({ mode: 'jit', ssoEnforced: true, breakGlassEmails: ['root@acme.example'] });

    // Enforcement cannot be dropped while JIT trusts the IdP.
    const drop = await put(notEnforced, { mode: 'jit', ssoEnforced: false });
    expect(drop.status).toBe(400);
    expect((await json(drop)).code).toBe('provisioning.jit_requires_sso');
  });

  it('honours If-Match: a stale version is a 412, a malformed one a 400', async () => {
    const tenant = await createTestTenant({ prefix: 'prov' });
    expect((await put(tenant, { mode: 'invite-only' }, { 'if-match': 'W/"1"' })).status).toBe(200);
    const stale = await put(tenant, { mode: 'scim' }, { 'if-match': 'W/"1"' });
    expect(stale.status).toBe(412);
    expect((await json(stale)).code).toBe('tenant.version_mismatch');
    expect((await put(tenant, { mode: 'scim' }, { 'if-match': 'yesterday' })).status).toBe(400);
    expect((await new TenantRepository(tenant.table).require(tenant.tenantId)).mode).toBe('invite-only');
  });

  it('applies concurrent PUTs without If-Match one after the other, none lost', async () => {
    const tenant = await createTestTenant({ prefix: 'prov', sso: OKTA });
    const results = await Promise.all([
      put(tenant, { mode: 'invite-only' }),
      put(tenant, { mode: 'scim', breakGlassEmails: ['a@x.example'] }),
      put(tenant, { mode: 'invite-only', ssoEnforced: true }),
    ]);
    expect(results.map((r) => r.status)).toEqual([200, 200, 200]);
    const stored = await new TenantRepository(tenant.table).require(tenant.tenantId);
    const changed = (await auditEvents(tenant.table, tenant.tenantId)).filter((e) => e.action.startsWith('provisioning.'));
    expect(stored.version).toBe(1 + changed.length);
  });
});

describe('GET /provisioning/sso', () => {
  it('shows the OIDC configuration without the secret reference', async () => {
    const tenant = await createTestTenant({ prefix: 'prov', sso: OKTA, ssoEnforced: true });
    const res = await gateway.request(`${PATH}/sso`, { token: tenant.adminToken });
    expect(res.status).toBe(200);
    const text = await res.text();
    expect(text).not.toContain('secretsmanager');
    const body = SsoSettingsResponse.parse(JSON.parse(text));
    expect(body).toMatchObject({
      configured: true,
      ssoEnforced: true,
      provider: { type: 'oidc', providerName: 'Okta', issuer: OKTA.issuer, clientId: 'client-1', clientSecretConfigured: true },
      callbackUrl: `${gateway.url}/auth/${tenant.tenantId}/callback`,
    });
  });

  it('shows SAML metadata by URL or by digest, and an unconfigured tenant as such', async () => {
    const document = '<EntityDescriptor entityID="https://sts.windows.net/x/"/>';
    const saml = await createTestTenant({ prefix: 'prov', sso: { type: 'saml', providerName: 'Entra', metadataDocument: document } });
    const body = SsoSettingsResponse.parse(await (await gateway.request(`${PATH}/sso`, { token: saml.adminToken })).json());
    expect(body.provider).toEqual({
      type: 'saml',
      providerName: 'Entra',
      metadataDocument: { sha256: expect.stringMatching(/^[0-9a-f]{64}$/), bytes: document.length },
    });

    const none = await createTestTenant({ prefix: 'prov' });
    const empty = SsoSettingsResponse.parse(await (await gateway.request(`${PATH}/sso`, { token: none.adminToken })).json());
    expect(empty).toMatchObject({ configured: false, ssoEnforced: false });
    expect(empty.provider).toBeUndefined();
  });
});

describe('mode switch and JIT behaviour', () => {
  it('creates unknown IdP users only while the mode is JIT, from the next sign-in on', async () => {
    const userPoolId = `eu-west-1_${tenantSuffix()}`;
    const tenant = await createTestTenant({ prefix: 'prov', mode: 'invite-only', userPoolId, sso: OKTA, ssoEnforced: true });
    const domain = `${tenant.tenantId}.example`;
    const signIn = (subject: string) =>
      preTokenGeneration(
        fixtureEvent('TokenGeneration_HostedAuth', { userPoolId, domain, subject }, (e) => {
          // Okta vouches for the email, as a JIT tenant's IdP must for its people to be created.
          e.request.userAttributes = { ...e.request.userAttributes, email: `${subject}@${domain}`, email_verified: 'true' };
        }),
      );
    await expect(signIn('first')).rejects.toThrow(/has not been provisioned/);
    expect((await put(tenant, { mode: 'jit' })).status).toBe(200);
    const created = await signIn('first');
    expect(created.response).toMatchObject({ claimsOverrideDetails: { claimsToAddOrOverride: { tenant_id: tenant.tenantId, tenant_role: 'tenant-member' } } });
    expect((await new UserRepository(tenant.table).findByLoginEmail(tenant.tenantId, `first@${domain}`))?.source).toBe('jit');
    expect((await put(tenant, { mode: 'invite-only' })).status).toBe(200);
    await expect(signIn('second')).rejects.toThrow(/has not been provisioned/);
    // Who was created stays: the mode decides who may be created, not who may stay.
    await expect(signIn('first')).resolves.toBeDefined();
  });
});

const tenantSuffix = () => Math.random().toString(36).slice(2, 11);
