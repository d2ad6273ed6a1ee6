/**
 * The two routes the console signs in with, over HTTP through the local gateway:
 * `GET /auth/{tenantId}/options` (public) and `GET /api/svc/v1/x/session` with a
 * PAT and with an ID token issued by cognito-local through our triggers.
 */
import { randomUUID } from 'node:crypto';
import {
  AdminCreateUserCommand,
  AdminSetUserPasswordCommand,
  CognitoIdentityProviderClient,
  InitiateAuthCommand,
} from '@aws-sdk/client-cognito-identity-provider';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureUserPools, type TenantUserPool } from '../../infra/local/cognito-pools.js';
import { LOCAL_CREDENTIALS, LOCAL_REGION } from '../../infra/local/local-env.js';
import { SessionResponse } from '../../shared/auth/session-view.js';
import { cognitoEndpoint, SignInOptionsResponse } from '../../shared/signin/sign-in-options.js';
import { setUserActive } from '../../shared/users/activation.js';
import { TenantRepository } from '../../shared/tenants/tenant-repository.js';
import { startTestCognito, type TestCognito } from '../support/emulators.js';
import { startTestGateway, type TestGateway } from '../support/gateway.js';
import { rememberSecret } from '../support/secret-ledger.js';
import { createTestTenant, randomTenantId, type TestTenant } from '../support/tenants.js';
import { createMember, createUser } from '../tenants/support.js';

const IDP = { type: 'oidc' as const, providerName: 'DemoIdP', issuer: 'https://idp.example', clientId: 'demo', scopes: ['openid'] };
/** A sign-in client of its own for each tenant: one client identifies one tenant (a second claim is a 409). */
const signInClient = () => ({ issuer: 'https://idp.example', clientId: `demo-${randomUUID().slice(0, 8)}`, scopes: ['openid'] });
const PASSWORD = 'Console-Route-9-password';

let cognito: TestCognito;
let gateway: TestGateway;
let client: CognitoIdentityProviderClient;

beforeAll(async () => {
  cognito = await startTestCognito();
  gateway = await startTestGateway();
  client = new CognitoIdentityProviderClient({ endpoint: cognito.url, region: LOCAL_REGION, credentials: LOCAL_CREDENTIALS });
}, 60_000);

afterAll(async () => {
  client?.destroy();
  await gateway?.close();
  await cognito?.stop();
});

async function tenantWithPool(options: Parameters<typeof createTestTenant>[0] = {}): Promise<TestTenant & { pool: TenantUserPool }> {
  const id = randomTenantId('con');
  const pool = (await ensureUserPools(cognito.url, [id]))[id]!;
  return { ...(await createTestTenant({ prefix: 'con', mode: 'invite-only', ...pool, ...options })), pool };
}

const options = async (tenantId: string) => {
  const res = await gateway.request(`/auth/${tenantId}/options`);
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
};

describe('GET /auth/{tenantId}/options', () => {
  it('offers the password form on the tenant pool’s app client at the Cognito endpoint, and no SSO without an IdP', async () => {
    const t = await tenantWithPool();
    const { status, body } = await options(t.tenantId);
    expect(status).toBe(200);
    expect(SignInOptionsResponse.parse(body)).toEqual({
      tenantId: t.tenantId,
      displayName: `Test tenant ${t.tenantId}`,
      password: { endpoint: `${cognito.url}/`, clientId: t.pool.appClientId },
      sso: null,
    });
  });

  it('offers SSO at the API’s login URL when the tenant has an IdP and a sign-in client', async () => {
    const t = await tenantWithPool({ sso: IDP, signInClient: signInClient() });
    const { body } = await options(t.tenantId);
    expect(body.sso).toEqual({ loginUrl: `${gateway.url}/auth/${t.tenantId}/login`, providerName: 'DemoIdP', issuer: 'https://idp.example' });
    expect(body.password).toEqual({ endpoint: `${cognito.url}/`, clientId: t.pool.appClientId });
  });

  it('keeps password sign-in while SSO is enforced only if break-glass admins exist', async () => {
    const enforced = await tenantWithPool({ sso: IDP, signInClient: signInClient(), ssoEnforced: true });
    expect((await options(enforced.tenantId)).body).toMatchObject({ password: null, sso: { providerName: 'DemoIdP' } });
    const breakGlass = await tenantWithPool({ sso: IDP, signInClient: signInClient(), ssoEnforced: true, breakGlassEmails: ['root@example.com'] });
    expect((await options(breakGlass.tenantId)).body).toMatchObject({ password: { clientId: breakGlass.pool.appClientId } });
  });

  it('offers nothing to a tenant with neither a pool nor an IdP', async () => {
    const t = await createTestTenant({ prefix: 'con', mode: 'invite-only' });
    expect((await options(t.tenantId)).body).toMatchObject({ password: null, sso: null });
  });

  it('answers 404 tenant.not_found for an unknown tenant and 400 for an id that cannot be one', async () => {
    const unknown = randomTenantId('nobody');
    expect(await options(unknown)).toEqual({
      status: 404,
      body: { statusCode: 404, code: 'tenant.not_found', message: `Tenant ${unknown} does not exist` },
    });
    const invalid = await options('Not_A_Tenant');
    expect(invalid.status).toBe(400);
    expect(invalid.body.code).toBe('request.invalid');
  });
});

describe('cognitoEndpoint', () => {
  it('is the SDK’s endpoint override when set, else the region’s Cognito endpoint', () => {
    expect(cognitoEndpoint({ AWS_ENDPOINT_URL_COGNITO_IDENTITY_PROVIDER: 'http://127.0.0.1:9229', AWS_REGION: 'eu-west-1' })).toBe('http://127.0.0.1:9229/');
    expect(cognitoEndpoint({ AWS_REGION: 'eu-west-1' })).toBe('https://cognito-idp.eu-west-1.amazonaws.com/');
    expect(cognitoEndpoint({ AWS_REGION: 'cn-north-1' })).toBe('https://cognito-idp.cn-north-1.amazonaws.com.cn/');
  });
});

describe('GET /api/svc/v1/x/session', () => {
  const session = (token?: string) => gateway.request('/api/svc/v1/x/session', { token });

  it('answers 401 without a credential or with one that proves nothing', async () => {
    for (const token of [undefined, 'garbage']) {
      const res = await session(token);
      expect(res.status).toBe(401);
      expect(await res.json()).toMatchObject({ statusCode: 401, code: expect.stringMatching(/^auth\./) });
    }
  });

  it('describes an admin signed in with a PAT', async () => {
    const t = await createTestTenant({ prefix: 'con', mode: 'scim' });
    rememberSecret(t.adminToken);
    const res = await session(t.adminToken);
    expect(res.status).toBe(200);
    expect(res.headers.get('cache-control')).toBe('no-store');
    const body = SessionResponse.parse(await res.json());
    expect(body).toMatchObject({
      tenant: { id: t.tenantId, displayName: `Test tenant ${t.tenantId}`, mode: 'scim' },
      user: { id: t.adminUserId, email: t.adminEmail, role: 'tenant-admin', source: 'seed', roles: ['tenant-admin'], active: true },
      credential: 'pat',
    });
  });

  it('describes a member, and refuses them once deactivated', async () => {
    const t = await createTestTenant({ prefix: 'con', mode: 'invite-only' });
    const member = await createMember(t.table, t.tenantId);
    rememberSecret(member.token);
    const body = SessionResponse.parse(await (await session(member.token)).json());
    expect(body.user).toMatchObject({ id: member.user.id, role: 'tenant-member', source: 'invite' });
    const tenant = await new TenantRepository(t.table).require(t.tenantId);
    await setUserActive(t.table, { tenant, email: member.user.email!, active: false, actor: { type: 'system', id: 'test' } });
    const refused = await session(member.token);
    expect(refused.status).toBe(401);
    expect(await refused.json()).toMatchObject({ code: 'auth.user_deactivated' });
  });

  it('describes a user signed in with the tenant pool’s ID token', async () => {
    const t = await tenantWithPool();
    const email = `ada@${t.tenantId}.example`;
    const user = await createUser(t.table, t.tenantId, { email, cognitoUsername: email, displayName: 'Ada Lovelace' });
    await client.send(
      new AdminCreateUserCommand({
        UserPoolId: t.pool.userPoolId,
        Username: email,
        MessageAction: 'SUPPRESS',
        UserAttributes: [
          { Name: 'email', Value: email },
          { Name: 'email_verified', Value: 'true' },
        ],
      }),
    );
    await client.send(new AdminSetUserPasswordCommand({ UserPoolId: t.pool.userPoolId, Username: email, Password: PASSWORD, Permanent: true }));
    rememberSecret(PASSWORD);
    const out = await client.send(
      new InitiateAuthCommand({ ClientId: t.pool.appClientId, AuthFlow: 'USER_PASSWORD_AUTH', AuthParameters: { USERNAME: email, PASSWORD } }),
    );
    const res = await session(out.AuthenticationResult!.IdToken!);
    expect(res.status).toBe(200);
    expect(SessionResponse.parse(await res.json())).toMatchObject({
      tenant: { id: t.tenantId, mode: 'invite-only' },
      user: { id: user.id, email, displayName: 'Ada Lovelace', role: 'tenant-member' },
      credential: 'jwt',
    });
  }, 60_000);
});
