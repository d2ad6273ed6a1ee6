/**
 * End to end through the local gateway and a real OIDC provider (the demo IdP):
 * the options' `sso.loginUrl` (`/auth/{tenantId}/login`) → provider login page →
 * `/auth/{tenantId}/callback`. JIT creates, invite-only refuses strangers and
 * links the invited, and a replayed or tampered callback is a 400 that changes
 * nothing. A tenant with a console gets refusals back on its sign-in page.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort } from '../../infra/local/free-port.js';
import { startDemoOidcProvider, type RunningDemoOidcProvider } from '../../infra/local/demo-oidc-provider.js';
import { SignInOptionsResponse } from '../../shared/signin/sign-in-options.js';
import { SignedInResponse } from '../../shared/signin/sign-in-schemas.js';
import type { ProvisioningMode } from '../../shared/tenants/tenant.js';
import { UserRepository } from '../../shared/users/user-repository.js';
import { startTestGateway, type TestGateway } from '../support/gateway.js';
import { createTestTenant, type TestTenant } from '../support/tenants.js';
import { auditEvents, createUser } from '../tenants/support.js';
import { TestBrowser } from './browser.js';

const PEOPLE = [
  { sub: 'idp-ada', email: 'ada@idp.example', name: 'Ada Lovelace', givenName: 'Ada', familyName: 'Lovelace' },
  { sub: 'idp-grace', email: 'grace@idp.example', name: 'Grace Hopper' },
  { sub: 'idp-alan', email: 'alan@idp.example', name: 'Alan Turing' },
];

let gateway: TestGateway;
let idp: RunningDemoOidcProvider;
let issuer: string;
const tenants: Record<'jit' | 'invite' | 'console' | 'inviteConsole' | 'noSso', TestTenant> = {} as never;
const CONSOLE = 'https://console.example/app';
const users = () => new UserRepository(tenants.jit.table);

async function tenantFor(mode: ProvisioningMode, extra: { consoleUrl?: string; withClient?: boolean } = {}) {
  const sso = { type: 'oidc' as const, providerName: 'DemoIdP', issuer, clientId: 'placeholder', scopes: ['openid', 'email', 'profile'] };
  const tenant = await createTestTenant({ prefix: 'web', mode, sso, ssoEnforced: mode === 'jit', consoleUrl: extra.consoleUrl });
  return tenant;
}

beforeAll(async () => {
  gateway = await startTestGateway();
  const port = await freePort();
  issuer = `http://127.0.0.1:${port}`;
  tenants.jit = await tenantFor('jit');
  tenants.invite = await tenantFor('invite-only');
  tenants.console = await tenantFor('jit', { consoleUrl: CONSOLE });
  tenants.inviteConsole = await tenantFor('invite-only', { consoleUrl: `${CONSOLE}/` });
  tenants.noSso = await createTestTenant({ prefix: 'web', mode: 'invite-only' });
  // Each tenant's sign-in client is its own client at the IdP, with its callback as redirect URI.
  const { TenantRepository } = await import('../../shared/tenants/tenant-repository.js');
  const { Transaction } = await import('../../shared/storage/transaction.js');
  const withClient = [tenants.jit, tenants.invite, tenants.console, tenants.inviteConsole];
  for (const t of withClient) {
    const repo = new TenantRepository(t.table);
    const before = await repo.require(t.tenantId);
    const tx = new Transaction(t.table);
    repo.update(tx, before, { ...before, signInClient: { issuer, clientId: `client-${t.tenantId}`, scopes: ['openid', 'email', 'profile'] } });
    await tx.commit();
  }
  idp = await startDemoOidcProvider({
    port,
    people: PEOPLE,
    clients: withClient.map((t) => ({ clientId: `client-${t.tenantId}`, redirectUris: [`${gateway.url}/auth/${t.tenantId}/callback`] })),
  });
});

afterAll(async () => {
  await idp?.close();
  await gateway?.close();
});

/** Where the console starts SSO for a tenant: its sign-in options' `sso.loginUrl`. */
async function loginUrlOf(tenantId: string): Promise<string> {
  const options = SignInOptionsResponse.parse(await (await gateway.request(`/auth/${tenantId}/options`)).json());
  return options.sso!.loginUrl;
}

/** Runs the flow, from the options' login URL, up to (not including) the callback; returns the callback URL the IdP redirected to. */
async function untilCallback(browser: TestBrowser, tenantId: string, person: string, editAuthorize?: (url: URL) => void): Promise<string> {
  const login = await browser.request(await loginUrlOf(tenantId));
  expect(login.status).toBe(302);
  const authorize = new URL(login.headers.get('location')!);
  expect(authorize.origin).toBe(issuer);
  expect(authorize.searchParams.get('code_challenge_method')).toBe('S256');
  expect(authorize.searchParams.get('redirect_uri')).toBe(`${gateway.url}/auth/${tenantId}/callback`);
  editAuthorize?.(authorize);
  const { url: loginPage, response } = await browser.follow(authorize.toString(), (u) => u.startsWith(gateway.url));
  // The person still has a session at the IdP: it answers at once, without its login page.
  if (!response) return loginPage;
  const page = await response.text();
  expect(response.status, page).toBe(200);
  const action = /action="([^"]+)"/.exec(page)![1]!;
  const submitted = await browser.request(new URL(action, loginPage).toString(), {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ person }).toString(),
  });
  expect(submitted.status).toBe(303);
  const { url } = await browser.follow(new URL(submitted.headers.get('location')!, loginPage).toString(), (u) => u.startsWith(gateway.url));
  return url;
}

const callback = (browser: TestBrowser, url: string) => browser.request(url);

describe('JIT tenant', () => {
  it('creates a first-time person and signs them in; the next sign-in finds the same user', async () => {
    const browser = new TestBrowser();
    const url = await untilCallback(browser, tenants.jit.tenantId, 'idp-ada');
    const res = await callback(browser, url);
    expect(res.status).toBe(200);
    expect(res.headers.get('cache-control')).toBe('no-store');
    expect(res.headers.get('set-cookie')).toMatch(/^signin_state=; Path=\/auth\/[\w-]+\/; Max-Age=0; HttpOnly; SameSite=Lax/);
    const body = SignedInResponse.parse(await res.json());
    expect(body).toMatchObject({
      tenantId: tenants.jit.tenantId,
      outcome: 'created',
      user: { email: 'ada@idp.example', displayName: 'Ada Lovelace', role: 'tenant-member', source: 'jit' },
    });
    const stored = await users().get(tenants.jit.tenantId, body.user.id);
    expect(stored).toMatchObject({ federatedId: 'demoidp_idp-ada', ssoName: 'DemoIdP', name: { givenName: 'Ada', familyName: 'Lovelace' } });

    const again = SignedInResponse.parse(await (await callback(browser, await untilCallback(browser, tenants.jit.tenantId, 'idp-ada'))).json());
    expect(again).toMatchObject({ outcome: 'existing', user: { id: body.user.id } });
  });

  it('creates exactly one user when the same callback arrives three times at once, refusing the replays', async () => {
    const browser = new TestBrowser();
    const url = await untilCallback(browser, tenants.jit.tenantId, 'idp-grace');
    const results = await Promise.all([callback(browser, url), callback(browser, url), callback(browser, url)]);
    expect(results.map((r) => r.status).sort()).toEqual([200, 400, 400]);
    expect(await users().findByAnyEmail(tenants.jit.tenantId, 'grace@idp.example')).toHaveLength(1);
  });

  it('hands the session to the console in a URL fragment when the tenant has one', async () => {
    const browser = new TestBrowser();
    const res = await callback(browser, await untilCallback(browser, tenants.console.tenantId, 'idp-ada'));
    expect(res.status).toBe(303);
    expect(res.headers.get('referrer-policy')).toBe('no-referrer');
    const location = new URL(res.headers.get('location')!);
    expect(`${location.origin}${location.pathname}`).toBe('https://console.example/app/');
    const fragment = new URLSearchParams(location.hash.slice(1));
    expect(fragment.get('token_type')).toBe('Bearer');
    expect(fragment.get('tenant_id')).toBe(tenants.console.tenantId);
    expect(fragment.get('id_token')?.split('.')).toHaveLength(3);
  });
});

describe('invite-only tenant', () => {
  it('refuses an uninvited person with a message they understand, creating nothing', async () => {
    const browser = new TestBrowser();
    const res = await callback(browser, await untilCallback(browser, tenants.invite.tenantId, 'idp-alan'));
    expect(res.status).toBe(403);
    expect(await res.json()).toMatchObject({
      code: 'signin.not_provisioned',
      message: `Your account has not been provisioned for Test tenant ${tenants.invite.tenantId}. Ask your administrator.`,
    });
    expect(await users().findByAnyEmail(tenants.invite.tenantId, 'alan@idp.example')).toEqual([]);
    const refused = (await auditEvents(tenants.invite.table, tenants.invite.tenantId)).filter((e) => e.action === 'sign_in.refused');
    expect(refused.at(-1)).toMatchObject({ details: { reason: 'not_provisioned', trigger: 'callback' } });
  });

  it('links an invited person at their first SSO sign-in and accepts the invite', async () => {
    const invited = await createUser(tenants.invite.table, tenants.invite.tenantId, { email: 'grace@idp.example', inviteAccepted: false, hasPassword: false });
    const browser = new TestBrowser();
    const res = await callback(browser, await untilCallback(browser, tenants.invite.tenantId, 'idp-grace'));
    expect(res.status).toBe(200);
    expect(SignedInResponse.parse(await res.json())).toMatchObject({ outcome: 'linked', user: { id: invited.id } });
    expect(await users().get(tenants.invite.tenantId, invited.id)).toMatchObject({ inviteAccepted: true, federatedId: 'demoidp_idp-grace' });
  });
});

describe('replayed or tampered callbacks: 400, nothing changes', () => {
  async function countJit() {
    return (await users().counts(tenants.jit.tenantId)).total;
  }

  it('refuses a replayed callback', async () => {
    const browser = new TestBrowser();
    const url = await untilCallback(browser, tenants.jit.tenantId, 'idp-ada');
    expect((await callback(browser, url)).status).toBe(200);
    const before = await countJit();
    const replay = await callback(browser, url);
    expect(replay.status).toBe(400);
    expect((await replay.json()) as object).toMatchObject({ code: 'signin.invalid_state' });
    expect(await countJit()).toBe(before);
  });

  it('refuses a tampered state and a callback from another browser, leaving the real one usable', async () => {
    const browser = new TestBrowser();
    const url = new URL(await untilCallback(browser, tenants.jit.tenantId, 'idp-alan'));
    const before = await countJit();
    const tampered = new URL(url);
    tampered.searchParams.set('state', `${url.searchParams.get('state')!.slice(0, -2)}xx`);
    expect((await callback(browser, tampered.toString())).status).toBe(400);
    const elsewhere = await new TestBrowser().request(url.toString());
    expect(elsewhere.status).toBe(400);
    expect(((await elsewhere.json()) as { code: string }).code).toBe('signin.invalid_state');
    expect(await countJit()).toBe(before);
    expect((await callback(browser, url.toString())).status).toBe(200);
    expect(await countJit()).toBe(before + 1);
  });

  it('refuses an ID token carrying another nonce', async () => {
    const browser = new TestBrowser();
    const before = await countJit();
    const url = await untilCallback(browser, tenants.jit.tenantId, 'idp-ada', (authorize) => authorize.searchParams.set('nonce', 'forged-nonce-value'));
    const res = await callback(browser, url);
    expect(res.status).toBe(400);
    expect(await res.json()).toMatchObject({ code: 'signin.invalid_id_token', message: expect.stringMatching(/nonce/) });
    expect(await countJit()).toBe(before);
  });

  it('refuses a reused authorization code under a fresh state, and a made-up code', async () => {
    const browser = new TestBrowser();
    const first = new URL(await untilCallback(browser, tenants.jit.tenantId, 'idp-ada'));
    expect((await callback(browser, first.toString())).status).toBe(200);
    const before = await countJit();

    const second = new URL(await untilCallback(browser, tenants.jit.tenantId, 'idp-ada'));
    second.searchParams.set('code', first.searchParams.get('code')!);
    const reused = await callback(browser, second.toString());
    expect(reused.status).toBe(400);
    expect(((await reused.json()) as { code: string }).code).toBe('signin.code_rejected');

    const third = new URL(await untilCallback(browser, tenants.jit.tenantId, 'idp-ada'));
    third.searchParams.set('code', 'not-a-code');
    expect((await callback(browser, third.toString())).status).toBe(400);
    expect(await countJit()).toBe(before);
  });

  it('refuses a callback without state, and one with neither code nor error', async () => {
    const browser = new TestBrowser();
    expect((await browser.request(`${gateway.url}/auth/${tenants.jit.tenantId}/callback?code=abc`)).status).toBe(400);
    expect((await browser.request(`${gateway.url}/auth/${tenants.jit.tenantId}/callback?state=${'s'.repeat(43)}`)).status).toBe(400);
  });

  it('shows the IdP refusal Cognito relays from a trigger, once the state checks out', async () => {
    const browser = new TestBrowser();
    const login = await browser.request(`${gateway.url}/auth/${tenants.jit.tenantId}/login`);
    const state = new URL(login.headers.get('location')!).searchParams.get('state')!;
    const description = `PreSignUp failed with error Your account is deactivated. Ask your administrator of X to reactivate it..`;
    const res = await browser.request(
      `${gateway.url}/auth/${tenants.jit.tenantId}/callback?${new URLSearchParams({ state, error: 'invalid_request', error_description: description })}`,
    );
    expect(res.status).toBe(403);
    expect(await res.json()).toMatchObject({ code: 'signin.refused', message: 'Your account is deactivated. Ask your administrator of X to reactivate it.' });
  });
});

describe('a tenant with a console: refusals go back to its sign-in page', () => {
  /** The refusal a 303 to the console's sign-in page carries, after checking everything but the fragment. */
  async function refusalIn(res: Response): Promise<Record<string, string>> {
    expect(res.status).toBe(303);
    expect(res.headers.get('set-cookie')).toMatch(/^signin_state=; Path=\/auth\/[\w-]+\/; Max-Age=0; HttpOnly; SameSite=Lax/);
    expect(res.headers.get('cache-control')).toBe('no-store');
    expect(res.headers.get('referrer-policy')).toBe('no-referrer');
    expect(await res.text()).toBe('');
    const location = new URL(res.headers.get('location')!);
    expect(`${location.origin}${location.pathname}${location.search}`).toBe(`${CONSOLE}/sign-in`);
    return Object.fromEntries(new URLSearchParams(location.hash.slice(1)));
  }

  const refusedEvents = async (tenant: TestTenant, email: string) =>
    (await auditEvents(tenant.table, tenant.tenantId)).filter((e) => e.action === 'sign_in.refused' && e.actor.slug === email);

  it('sends an unknown person of an invite-only tenant to the sign-in page with the reason, audited once; a replay says to start again', async () => {
    const t = tenants.inviteConsole;
    const browser = new TestBrowser();
    const url = await untilCallback(browser, t.tenantId, 'idp-alan');
    expect(await refusalIn(await callback(browser, url))).toEqual({
      error: `Your account has not been provisioned for Test tenant ${t.tenantId}. Ask your administrator.`,
      error_code: 'signin.not_provisioned',
      tenant_id: t.tenantId,
    });
    expect(await users().findByAnyEmail(t.tenantId, 'alan@idp.example')).toEqual([]);

    // The cookie is gone and the state spent: the same callback again is a sign-in to start over.
    expect(await refusalIn(await callback(browser, url))).toEqual({
      error: 'This sign-in is invalid, expired or already used. Start the sign-in again.',
      error_code: 'signin.invalid_state',
      tenant_id: t.tenantId,
    });
    const refused = await refusedEvents(t, 'alan@idp.example');
    expect(refused).toHaveLength(1);
    expect(refused[0]).toMatchObject({ details: { reason: 'not_provisioned', trigger: 'callback' } });
  });

  it('sends a deactivated user there too, audited once against their user', async () => {
    const t = tenants.inviteConsole;
    const grace = await createUser(t.table, t.tenantId, { email: 'grace@idp.example', active: false });
    const browser = new TestBrowser();
    expect(await refusalIn(await callback(browser, await untilCallback(browser, t.tenantId, 'idp-grace')))).toEqual({
      error: `Your account is deactivated. Ask your administrator of Test tenant ${t.tenantId} to reactivate it.`,
      error_code: 'signin.deactivated',
      tenant_id: t.tenantId,
    });
    const refused = await refusedEvents(t, 'grace@idp.example');
    expect(refused).toHaveLength(1);
    expect(refused[0]).toMatchObject({ target: { type: 'user', id: grace.id }, details: { reason: 'deactivated', trigger: 'callback' } });
    expect(await users().get(t.tenantId, grace.id)).toMatchObject({ active: false, version: 1 });
  });

  it("passes on the refusal Cognito relays from a trigger and the IdP's own", async () => {
    const t = tenants.inviteConsole;
    const browser = new TestBrowser();
    const refusedBy = async (params: Record<string, string>) => {
      const login = await browser.request(await loginUrlOf(t.tenantId));
      const state = new URL(login.headers.get('location')!).searchParams.get('state')!;
      return refusalIn(await browser.request(`${gateway.url}/auth/${t.tenantId}/callback?${new URLSearchParams({ state, ...params })}`));
    };
    const description = `PreAuthentication failed with error Password sign-in is turned off for X. Sign in with single sign-on (DemoIdP)..`;
    expect(await refusedBy({ error: 'invalid_request', error_description: description })).toEqual({
      error: 'Password sign-in is turned off for X. Sign in with single sign-on (DemoIdP).',
      error_code: 'signin.refused',
      tenant_id: t.tenantId,
    });
    expect(await refusedBy({ error: 'access_denied', error_description: 'The user is not assigned to this application' })).toEqual({
      error: 'Your identity provider did not sign you in (access_denied): The user is not assigned to this application',
      error_code: 'signin.idp_error',
      tenant_id: t.tenantId,
    });
  });

  it('sends a callback from another browser (no state cookie) back to start again', async () => {
    const t = tenants.inviteConsole;
    const url = await untilCallback(new TestBrowser(), t.tenantId, 'idp-alan');
    expect(await refusalIn(await new TestBrowser().request(url))).toMatchObject({ error_code: 'signin.invalid_state', tenant_id: t.tenantId });
  });

  it('keeps malformed callbacks and a forged ID token as JSON errors', async () => {
    const t = tenants.inviteConsole;
    const browser = new TestBrowser();
    for (const query of ['code=abc', `state=${'s'.repeat(43)}`]) {
      const res = await browser.request(`${gateway.url}/auth/${t.tenantId}/callback?${query}`);
      expect(res.status).toBe(400);
      expect(res.headers.get('location')).toBeNull();
      expect(await res.json()).toMatchObject({ code: 'request.invalid' });
    }
    const forged = await callback(
      browser,
      await untilCallback(browser, t.tenantId, 'idp-alan', (authorize) => authorize.searchParams.set('nonce', 'forged-nonce-value')),
    );
    expect(forged.status).toBe(400);
    expect(await forged.json()).toMatchObject({ code: 'signin.invalid_id_token' });
  });
});

describe('login', () => {
  it('starts at the absolute login URL of the sign-in options, on the API origin the IdP sends the callback back to', async () => {
    const loginUrl = new URL(await loginUrlOf(tenants.jit.tenantId));
    expect(loginUrl.toString()).toBe(`${gateway.url}/auth/${tenants.jit.tenantId}/login`);
    loginUrl.searchParams.set('returnTo', '/teams');
    const res = await new TestBrowser().request(loginUrl.toString());
    expect(res.status).toBe(302);
    const redirectUri = new URL(new URL(res.headers.get('location')!).searchParams.get('redirect_uri')!);
    // The state cookie is set by the login URL's host and read by the callback's: they must be one.
    expect(redirectUri.origin).toBe(loginUrl.origin);
    expect(res.headers.get('set-cookie')).toContain(`Path=/auth/${tenants.jit.tenantId}/;`);
    expect(redirectUri.pathname.startsWith(`/auth/${tenants.jit.tenantId}/`)).toBe(true);
  });

  it('refuses an open redirect, an unknown tenant and a tenant without SSO', async () => {
    const browser = new TestBrowser();
    expect((await browser.request(`${gateway.url}/auth/${tenants.jit.tenantId}/login?returnTo=//evil.example/x`)).status).toBe(400);
    expect((await browser.request(`${gateway.url}/auth/${tenants.jit.tenantId}/login?returnTo=https://evil.example`)).status).toBe(400);
    expect((await browser.request(`${gateway.url}/auth/no-such-tenant-x1/login`)).status).toBe(404);
    expect((await browser.request(`${gateway.url}/auth/Bad_Tenant/login`)).status).toBe(400);
    const noSso = await browser.request(`${gateway.url}/auth/${tenants.noSso.tenantId}/login`);
    expect(noSso.status).toBe(404);
    expect(((await noSso.json()) as { code: string }).code).toBe('signin.not_configured');
  });

  it('sets an HttpOnly, path-scoped state cookie and asks for PKCE S256', async () => {
    const res = await new TestBrowser().request(`${gateway.url}/auth/${tenants.jit.tenantId}/login?returnTo=/teams`);
    expect(res.status).toBe(302);
    expect(res.headers.get('set-cookie')).toMatch(
      new RegExp(`^signin_state=[\\w-]{43}; Path=/auth/${tenants.jit.tenantId}/; Max-Age=600; HttpOnly; SameSite=Lax$`),
    );
    const authorize = new URL(res.headers.get('location')!);
    expect(authorize.searchParams.get('code_challenge')).toMatch(/^[\w-]{43}$/);
    expect(authorize.searchParams.get('nonce')).toMatch(/^[\w-]{43}$/);
    expect(authorize.searchParams.get('client_id')).toBe(`client-${tenants.jit.tenantId}`);
  });
});
