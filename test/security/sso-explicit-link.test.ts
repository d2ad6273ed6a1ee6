/**
 * A tenant admin or a password user links single sign-on by asking for it with
 * their own signed-in session: never by email, never with a PAT, once per
 * ticket, in the tenant and for the user that asked. Runs the whole flow:
 * cognito-local for the password session, the local gateway, the demo OIDC IdP.
 */
import { randomUUID } from 'node:crypto';
import { CognitoIdentityProviderClient, InitiateAuthCommand } from '@aws-sdk/client-cognito-identity-provider';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureUserPools, type TenantUserPool } from '../../infra/local/cognito-pools.js';
import { startDemoOidcProvider, type RunningDemoOidcProvider } from '../../infra/local/demo-oidc-provider.js';
import { freePort } from '../../infra/local/free-port.js';
import { LOCAL_CREDENTIALS, LOCAL_REGION } from '../../infra/local/local-env.js';
import { setDirectoryPassword } from '../../shared/identity/cognito-directory.js';
import { federatedIdOf } from '../../shared/signin/sign-in-identity.js';
import { keys } from '../../shared/storage/keys.js';
import { UserRepository } from '../../shared/users/user-repository.js';
import { startTestCognito, type TestCognito } from '../support/emulators.js';
import { startTestGateway, type TestGateway } from '../support/gateway.js';
import { rememberSecret } from '../support/secret-ledger.js';
import { createTestTenant, type TestTenant } from '../support/tenants.js';
import { TestBrowser } from '../signin/browser.js';
import { callbackThroughDemoIdp } from '../signin/demo-idp-flow.js';
import { auditEvents } from '../tenants/support.js';
import { call, type ApiRequest } from './in-process-api.js';

const SLOW_OK = { timeoutSeconds: 60 };
const ADMIN_PASSWORD = 'Admin-only-7-secret-phrase';
const MEMBER_PASSWORD = 'Member-chosen-9-password';

let cognito: TestCognito;
let client: CognitoIdentityProviderClient;
let gateway: TestGateway;
let idp: RunningDemoOidcProvider;
let tenant: TestTenant & { pool: TenantUserPool };
let other: TestTenant;
const domain = `link-${randomUUID().slice(0, 8)}.example`;
const adminEmail = `boss@${domain}`;
const people = {
  boss: { sub: `boss-${randomUUID()}`, email: adminEmail, name: 'Boss (IdP)' },
  // Claims the admin's address at the IdP: an explicit link never looks at it.
  twin: { sub: `twin-${randomUUID()}`, email: adminEmail, name: 'Boss twin' },
  spare: { sub: `spare-${randomUUID()}`, email: `spare@${domain}`, name: 'Spare' },
};

beforeAll(async () => {
  cognito = await startTestCognito();
  client = new CognitoIdentityProviderClient({ endpoint: cognito.url, region: LOCAL_REGION, credentials: LOCAL_CREDENTIALS });
  rememberSecret(ADMIN_PASSWORD, MEMBER_PASSWORD);
  gateway = await startTestGateway();
  const port = await freePort();
  const issuer = `http://127.0.0.1:${port}`;
  const clientId = `link-${randomUUID().slice(0, 8)}`;
  const sso = { type: 'oidc' as const, providerName: 'DemoIdP', issuer, clientId, scopes: ['openid', 'email', 'profile'] };
  const signInClient = { issuer, clientId, scopes: ['openid', 'email', 'profile'] };
  const id = `lnk-${randomUUID().slice(0, 8)}`;
  const pool = (await ensureUserPools(cognito.url, [id]))[id]!;
  const created = await createTestTenant({
    prefix: 'lnk',
    mode: 'invite-only',
    ...pool,
    admins: [{ email: adminEmail, cognitoUsername: adminEmail }],
    sso,
    signInClient,
  });
  tenant = { ...created, pool };
  rememberSecret(tenant.adminToken);
  await setDirectoryPassword(pool.userPoolId, adminEmail, adminEmail, ADMIN_PASSWORD);
  const otherClientId = `${clientId}-b`;
  other = await createTestTenant({
    prefix: 'lnk',
    mode: 'invite-only',
    sso: { ...sso, clientId: otherClientId },
    signInClient: { ...signInClient, clientId: otherClientId },
  });
  rememberSecret(other.adminToken);
  idp = await startDemoOidcProvider({
    port,
    people: Object.values(people),
    clients: [
      { clientId, redirectUris: [`${gateway.url}/auth/${tenant.tenantId}/callback`] },
      { clientId: otherClientId, redirectUris: [`${gateway.url}/auth/${other.tenantId}/callback`] },
    ],
  });
}, 90_000);

afterAll(async () => {
  await idp?.close();
  await gateway?.close();
  client?.destroy();
  await cognito?.stop();
});

const api = (method: string, path: string, token: string, body?: unknown): ApiRequest => ({ method, url: `/api/svc/v1${path}`, token, body });

const idTokenOf = async (username: string, password: string) => {
  const out = await client.send(
    new InitiateAuthCommand({ ClientId: tenant.pool.appClientId, AuthFlow: 'USER_PASSWORD_AUTH', AuthParameters: { USERNAME: username, PASSWORD: password } }),
  );
  const token = out.AuthenticationResult!.IdToken!;
  rememberSecret(token);
  return token;
};

/** Asks for a link with `token`; returns the ticket carried by the answered login URL. */
const startLink = async (token: string) => {
  const res = await call(api('POST', '/x/session/sso-link', token));
  expect(res.status, res.text).toBe(201);
  expect(res.headers['cache-control']).toBe('no-store');
  const url = new URL(res.json.url as string);
  expect(url.pathname).toBe(`/auth/${tenant.tenantId}/login`);
  const ticket = url.searchParams.get('link')!;
  rememberSecret(ticket);
  return ticket;
};

type CallbackBody = { code?: string; outcome?: string; user?: { id: string } };
const ssoAt = async (tenantId: string, person: keyof typeof people, loginQuery = '', browser = new TestBrowser()) => {
  const res = await callbackThroughDemoIdp(browser, gateway.url, tenantId, people[person].sub, loginQuery);
  return { status: res.status, body: (await res.json()) as CallbackBody };
};

/** A login that refuses its ticket answers before any redirect to the IdP. */
const loginWith = async (tenantId: string, ticket: string) => {
  const res = await new TestBrowser().request(`${gateway.url}/auth/${tenantId}/login?link=${ticket}`);
  return { status: res.status, body: (await res.json()) as CallbackBody };
};

const fedId = (person: keyof typeof people) => federatedIdOf('DemoIdP', people[person].sub);
const userOf = (id: string) => new UserRepository(tenant.table).get(tenant.tenantId, id);
const markerOf = (person: keyof typeof people) => tenant.table.get<{ userId: string }>(keys.federatedIdentity(tenant.tenantId, fedId(person)));

/** An invited member who accepted with a password, and an ID token of their password session. */
async function memberSession(): Promise<{ id: string; email: string; idToken: string }> {
  const email = `member-${randomUUID().slice(0, 8)}@${domain}`;
  const invited = await call(api('POST', '/users/invite', tenant.adminToken, { email, acceptInviteClientUrl: 'https://app.example.com/accept' }), SLOW_OK);
  expect(invited.status, invited.text).toBe(201);
  const token = new URL(invited.json.link as string).searchParams.get('token')!;
  rememberSecret(token);
  const accepted = await call({ method: 'POST', url: '/api/svc/v1/users/accept-invite', body: { token, password: MEMBER_PASSWORD } }, SLOW_OK);
  expect(accepted.status, accepted.text).toBe(200);
  return { id: invited.json.data.id as string, email, idToken: await idTokenOf(email, MEMBER_PASSWORD) };
}

describe('an explicit link by the signed-in user', { timeout: 120_000 }, () => {
  it('cannot be started with a PAT, only with the session’s ID token', async () => {
    const res = await call(api('POST', '/x/session/sso-link', tenant.adminToken));
    expect(res.status, res.text).toBe(403);
    expect(res.json).toMatchObject({ code: 'signin.link_needs_session' });
  });

  it('binds the IdP identity to the tenant admin who asked; SSO then signs in as that admin; the ticket works once, in its tenant only', async () => {
    // Without the link, a verified email is not enough for an admin.
    expect(await ssoAt(tenant.tenantId, 'boss')).toMatchObject({ status: 403, body: { code: 'signin.link_not_allowed' } });

    const ticket = await startLink(await idTokenOf(adminEmail, ADMIN_PASSWORD));
    // Another tenant's login does not accept it (and does not spend it).
    expect(await loginWith(other.tenantId, ticket)).toMatchObject({ status: 400, body: { code: 'signin.invalid_link' } });

    const linked = await ssoAt(tenant.tenantId, 'boss', `?link=${ticket}`);
    expect(linked.status, JSON.stringify(linked.body)).toBe(200);
    expect(linked.body).toMatchObject({ outcome: 'linked', user: { id: tenant.adminUserId } });
    expect(await userOf(tenant.adminUserId)).toMatchObject({ federatedId: fedId('boss'), role: 'tenant-admin', hasPassword: true });
    expect(await markerOf('boss')).toMatchObject({ userId: tenant.adminUserId });
    const audit = (await auditEvents(tenant.table, tenant.tenantId)).filter((e) => e.action === 'user.sso_linked' && e.target.id === tenant.adminUserId);
    expect(audit).toHaveLength(1);
    expect(audit[0]!.details).toMatchObject({ via: 'explicit', provider: 'DemoIdP' });

    // Replay of the spent ticket.
    expect(await loginWith(tenant.tenantId, ticket)).toMatchObject({ status: 400, body: { code: 'signin.invalid_link' } });

    // A plain SSO sign-in of that person is now the admin.
    expect(await ssoAt(tenant.tenantId, 'boss')).toMatchObject({ status: 200, body: { outcome: 'existing', user: { id: tenant.adminUserId } } });
    // An admin who is linked already gets no second ticket.
    const again = await call(api('POST', '/x/session/sso-link', await idTokenOf(adminEmail, ADMIN_PASSWORD)));
    expect(again.status, again.text).toBe(409);
    expect(again.json).toMatchObject({ code: 'signin.already_linked' });
  });

  it('links to the user whose session asked, whatever email the IdP asserts; an identity bound to someone else is refused with nothing changed', async () => {
    // The admin linked the boss identity in the test above.
    const member = await memberSession();
    // The identity of the admin's address goes to the member, who asked for it.
    const linked = await ssoAt(tenant.tenantId, 'twin', `?link=${await startLink(member.idToken)}`);
    expect(linked.status, JSON.stringify(linked.body)).toBe(200);
    expect(linked.body.user?.id).toBe(member.id);
    expect((await userOf(tenant.adminUserId))?.federatedId).toBe(fedId('boss'));

    // A second member asking to link the admin's identity.
    const second = await memberSession();
    const before = await userOf(second.id);
    const refused = await ssoAt(tenant.tenantId, 'boss', `?link=${await startLink(second.idToken)}`);
    expect(refused).toMatchObject({ status: 403, body: { code: 'signin.identity_taken' } });
    expect(await userOf(second.id)).toEqual(before);
    expect(await markerOf('boss')).toMatchObject({ userId: tenant.adminUserId });
  });

  it('is refused for a user deactivated after asking', async () => {
    const member = await memberSession();
    const ticket = await startLink(member.idToken);
    const off = await call(api('PATCH', '/users/deactivate', tenant.adminToken, { email: member.email }), SLOW_OK);
    expect(off.status, off.text).toBe(200);
    expect(await ssoAt(tenant.tenantId, 'spare', `?link=${ticket}`)).toMatchObject({ status: 403, body: { code: 'signin.deactivated' } });
    expect(await markerOf('spare')).toBeUndefined();
    expect((await userOf(member.id))?.federatedId).toBeUndefined();
  });

  it('is bound to the browser that opened the login: a callback from another browser is refused', async () => {
    const member = await memberSession();
    const ticket = await startLink(member.idToken);
    const opener = new TestBrowser();
    const login = await opener.request(`${gateway.url}/auth/${tenant.tenantId}/login?link=${ticket}`);
    expect(login.status).toBe(302);
    const state = new URL(login.headers.get('location')!).searchParams.get('state')!;
    const elsewhere = await new TestBrowser().request(`${gateway.url}/auth/${tenant.tenantId}/callback?state=${state}&code=stolen-code`);
    expect(elsewhere.status).toBe(400);
    expect(await elsewhere.json()).toMatchObject({ code: 'signin.invalid_state' });
    expect((await userOf(member.id))?.federatedId).toBeUndefined();
  });
});
