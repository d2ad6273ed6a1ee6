/**
 * A tenant admin or a password user links single sign-on by asking for it with
 * their own signed-in session and confirming what the sign-in verified with that
 * same session: never by email, never with a PAT, once per ticket and per code,
 * in the tenant and for the user that asked. Whoever else opens the link binds
 * nothing. Runs the whole flow: cognito-local for the password session, the
 * local gateway, the demo OIDC IdP.
 */
import { randomUUID } from 'node:crypto';
import { CognitoIdentityProviderClient, InitiateAuthCommand } from '@aws-sdk/client-cognito-identity-provider';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureUserPools, type TenantUserPool } from '../../infra/local/cognito-pools.js';
import { startDemoOidcProvider, type RunningDemoOidcProvider } from '../../infra/local/demo-oidc-provider.js';
import { freePort } from '../../infra/local/free-port.js';
import { LOCAL_CREDENTIALS, LOCAL_REGION } from '../../infra/local/local-env.js';
import { setDirectoryPassword } from '../../shared/identity/cognito-directory.js';
import { holdLinkForConfirmation } from '../../shared/signin/explicit-link.js';
import { federatedIdOf } from '../../shared/signin/sign-in-identity.js';
import { TenantRepository } from '../../shared/tenants/tenant-repository.js';
import { linkGenerationOf } from '../../shared/users/user.js';
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
const CHANGED_PASSWORD = 'Member-changed-11-password';

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
  late: { sub: `late-${randomUUID()}`, email: `late@${domain}`, name: 'Late' },
  later: { sub: `later-${randomUUID()}`, email: `later@${domain}`, name: 'Later' },
};

beforeAll(async () => {
  cognito = await startTestCognito();
  client = new CognitoIdentityProviderClient({ endpoint: cognito.url, region: LOCAL_REGION, credentials: LOCAL_CREDENTIALS });
  rememberSecret(ADMIN_PASSWORD, MEMBER_PASSWORD, CHANGED_PASSWORD);
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

type CallbackBody = { code?: string; outcome?: string; user?: { id: string }; confirmation?: string; account?: string; message?: string };
const ssoAt = async (tenantId: string, person: keyof typeof people, loginQuery = '', browser = new TestBrowser()) => {
  const res = await callbackThroughDemoIdp(browser, gateway.url, tenantId, people[person].sub, loginQuery);
  return { status: res.status, body: (await res.json()) as CallbackBody };
};

/** The sign-in a ticket opens, by `person`: the confirmation code it answers (nothing is linked yet). */
const confirmationFrom = async (person: keyof typeof people, ticket: string, browser = new TestBrowser()) => {
  const held = await ssoAt(tenant.tenantId, person, `?link=${ticket}`, browser);
  expect(held.status, JSON.stringify(held.body)).toBe(202);
  rememberSecret(held.body.confirmation!);
  return held.body.confirmation!;
};

const confirm = (token: string, confirmation: string) => call(api('POST', '/x/session/sso-link/confirm', token, { confirmation }));

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

  it('binds the IdP identity to the tenant admin who asked, once they confirm; SSO then signs in as that admin; ticket and code work once, in their tenant only', async () => {
    // Without the link, a verified email is not enough for an admin.
    expect(await ssoAt(tenant.tenantId, 'boss')).toMatchObject({ status: 403, body: { code: 'signin.link_not_allowed' } });

    const session = await idTokenOf(adminEmail, ADMIN_PASSWORD);
    const ticket = await startLink(session);
    // Another tenant's login does not accept it (and does not spend it).
    expect(await loginWith(other.tenantId, ticket)).toMatchObject({ status: 400, body: { code: 'signin.invalid_link' } });

    const confirmation = await confirmationFrom('boss', ticket);
    // The sign-in alone bound nothing.
    expect((await userOf(tenant.adminUserId))?.federatedId).toBeUndefined();
    expect(await markerOf('boss')).toBeUndefined();
    // Not with a PAT, even the asker's.
    const byPat = await confirm(tenant.adminToken, confirmation);
    expect(byPat.status, byPat.text).toBe(403);
    expect(byPat.json).toMatchObject({ code: 'signin.link_needs_session' });

    const linked = await confirm(session, confirmation);
    expect(linked.status, linked.text).toBe(200);
    expect(linked.json).toMatchObject({
      outcome: 'linked',
      user: { id: tenant.adminUserId, ssoName: 'DemoIdP' },
      identity: { subject: people.boss.sub, email: adminEmail },
    });
    expect(await userOf(tenant.adminUserId)).toMatchObject({ federatedId: fedId('boss'), role: 'tenant-admin', hasPassword: true });
    expect(await markerOf('boss')).toMatchObject({ userId: tenant.adminUserId });
    const audit = (await auditEvents(tenant.table, tenant.tenantId)).filter((e) => e.action === 'user.sso_linked' && e.target.id === tenant.adminUserId);
    expect(audit).toHaveLength(1);
    expect(audit[0]!.details).toMatchObject({ via: 'explicit', provider: 'DemoIdP', trigger: 'confirmation' });

    // Replays of the spent ticket and the spent code.
    expect(await loginWith(tenant.tenantId, ticket)).toMatchObject({ status: 400, body: { code: 'signin.invalid_link' } });
    const again = await confirm(session, confirmation);
    expect(again.status, again.text).toBe(400);
    expect(again.json).toMatchObject({ code: 'signin.invalid_link_confirmation' });

    // A plain SSO sign-in of that person is now the admin.
    expect(await ssoAt(tenant.tenantId, 'boss')).toMatchObject({ status: 200, body: { outcome: 'existing', user: { id: tenant.adminUserId } } });
    // An admin who is linked already gets no second ticket.
    const second = await call(api('POST', '/x/session/sso-link', await idTokenOf(adminEmail, ADMIN_PASSWORD)));
    expect(second.status, second.text).toBe(409);
    expect(second.json).toMatchObject({ code: 'signin.already_linked' });
  });

  it('binds nothing when someone else opens the link: their identity is not bound to the asker, and the code counts only with the asker’s session', async () => {
    // A member sends the URL of their own link to a colleague, who opens it with a live IdP session.
    const mallory = await memberSession();
    const before = await userOf(mallory.id);
    const victimsBrowser = new TestBrowser();
    const held = await ssoAt(tenant.tenantId, 'spare', `?link=${await startLink(mallory.idToken)}`, victimsBrowser);
    // Nothing is bound, and the colleague is signed in as no one.
    expect(await userOf(mallory.id)).toEqual(before);
    expect(await markerOf('spare')).toBeUndefined();
    expect(held.status, JSON.stringify(held.body)).toBe(202);
    expect(held.body).not.toHaveProperty('session');
    // The colleague reads whose account the link was for, and that it is not theirs to confirm.
    expect(held.body.account).toBe(mallory.email);
    expect(held.body.message).toContain(`If ${mallory.email} is not your account, close this page and give the code to no one`);
    rememberSecret(held.body.confirmation!);
    // The colleague's own later SSO sign-in is not the member's account.
    const later = await ssoAt(tenant.tenantId, 'spare', '', victimsBrowser);
    expect(later.body.user?.id).not.toBe(mallory.id);

    // The code is useless to any other account of the tenant, and stays unspent for the asker.
    const bystander = await memberSession();
    const refused = await confirm(bystander.idToken, held.body.confirmation!);
    expect(refused.status, refused.text).toBe(400);
    expect(refused.json).toMatchObject({ code: 'signin.invalid_link_confirmation' });
    expect((await userOf(bystander.id))?.federatedId).toBeUndefined();
    expect(await markerOf('spare')).toBeUndefined();
  });

  it('links to the user whose session asked, whatever email the IdP asserts; an identity bound to someone else is refused with nothing changed', async () => {
    // The admin linked the boss identity in the first test.
    const member = await memberSession();
    // The identity of the admin's address goes to the member, who asked for it.
    const linked = await confirm(member.idToken, await confirmationFrom('twin', await startLink(member.idToken)));
    expect(linked.status, linked.text).toBe(200);
    expect(linked.json.user.id).toBe(member.id);
    expect((await userOf(tenant.adminUserId))?.federatedId).toBe(fedId('boss'));

    // A second member asking to link the admin's identity.
    const second = await memberSession();
    const before = await userOf(second.id);
    const refused = await confirm(second.idToken, await confirmationFrom('boss', await startLink(second.idToken)));
    expect(refused.status, refused.text).toBe(403);
    expect(refused.json).toMatchObject({ code: 'signin.identity_taken' });
    expect(await userOf(second.id)).toEqual(before);
    expect(await markerOf('boss')).toMatchObject({ userId: tenant.adminUserId });
  });

  it('is refused for a user deactivated after asking', async () => {
    const member = await memberSession();
    const confirmation = await confirmationFrom('spare', await startLink(member.idToken));
    const off = await call(api('PATCH', '/users/deactivate', tenant.adminToken, { email: member.email }), SLOW_OK);
    expect(off.status, off.text).toBe(200);
    const refused = await confirm(member.idToken, confirmation);
    // A deactivated user's session no longer authenticates at all.
    expect(refused.status, refused.text).toBe(401);
    expect(await markerOf('spare')).toBeUndefined();
    expect((await userOf(member.id))?.federatedId).toBeUndefined();
  });

  it('dies with a deactivation, even after a reactivation and a new session: its ticket and its code alike', async () => {
    const member = await memberSession();
    const ticket = await startLink(member.idToken);
    const code = await confirmationFrom('late', await startLink(member.idToken));
    expect((await call(api('PATCH', '/users/deactivate', tenant.adminToken, { email: member.email }), SLOW_OK)).status).toBe(200);
    expect((await call(api('PATCH', '/users/activate', tenant.adminToken, { email: member.email }), SLOW_OK)).status).toBe(200);
    // A session begun after the reactivation (token times are whole seconds; the revocation's second must be over).
    await new Promise((resolve) => setTimeout(resolve, 1100));
    const fresh = await idTokenOf(member.email, MEMBER_PASSWORD);
    const confirmed = await confirm(fresh, code);
    expect(confirmed.status, confirmed.text).toBe(400);
    expect(confirmed.json).toMatchObject({ code: 'signin.invalid_link_confirmation' });
    expect(await loginWith(tenant.tenantId, ticket)).toMatchObject({ status: 400, body: { code: 'signin.invalid_link' } });
    expect((await userOf(member.id))?.federatedId).toBeUndefined();
    expect(await markerOf('late')).toBeUndefined();
  });

  it('gets no code from a sign-in begun before a deactivation and finished after', async () => {
    const member = await memberSession();
    const user = (await userOf(member.id))!;
    const asked = { userId: member.id, generation: linkGenerationOf(user) };
    expect((await call(api('PATCH', '/users/deactivate', tenant.adminToken, { email: member.email }), SLOW_OK)).status).toBe(200);
    expect((await call(api('PATCH', '/users/activate', tenant.adminToken, { email: member.email }), SLOW_OK)).status).toBe(200);
    const identity = { method: 'federated' as const, providerName: 'DemoIdP', subject: people.later.sub, federatedId: fedId('later') };
    const tenantNow = (await new TenantRepository(tenant.table).get(tenant.tenantId))!;
    await expect(holdLinkForConfirmation(tenant.table, tenantNow, identity, asked)).rejects.toMatchObject({ code: 'signin.invalid_link' });
  });

  it('dies with a password change, as every link issued before it', async () => {
    const member = await memberSession();
    const code = await confirmationFrom('later', await startLink(member.idToken));
    const changed = await call(
      api('POST', '/users/change-password', member.idToken, { loginId: member.email, oldPassword: MEMBER_PASSWORD, newPassword: CHANGED_PASSWORD }),
      SLOW_OK,
    );
    expect(changed.status, changed.text).toBe(200);
    const confirmed = await confirm(member.idToken, code);
    expect(confirmed.status, confirmed.text).toBe(400);
    expect(confirmed.json).toMatchObject({ code: 'signin.invalid_link_confirmation' });
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
