/**
 * The console takes a credential from its URL only for a sign-in it started.
 * End to end through the local gateway and the demo OIDC provider, with the
 * console's own start-up code (`console/src/session`) and a sessionStorage per
 * browser tab: the victim's tab, sent a link ending in `#id_token=<the
 * attacker's PAT or ID token>`, signs no one in, whether or not it has a
 * sign-in of its own under way; its own sign-in still works.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { freePort } from '../../infra/local/free-port.js';
import { startDemoOidcProvider, type RunningDemoOidcProvider } from '../../infra/local/demo-oidc-provider.js';
import { parseSessionFragment } from '../../console/src/session/fragment.js';
import { beginHandoff, refuseHandoff } from '../../console/src/session/handoff.js';
import { SignInOptionsResponse } from '../../shared/signin/sign-in-options.js';
import { TenantRepository } from '../../shared/tenants/tenant-repository.js';
import { Transaction } from '../../shared/storage/transaction.js';
import { issuePersonalAccessToken } from '../../shared/tokens/personal-access-tokens.js';
import { startTestGateway, type TestGateway } from '../support/gateway.js';
import { rememberSecret } from '../support/secret-ledger.js';
import { createTestTenant, type TestTenant } from '../support/tenants.js';
import { TestBrowser } from '../signin/browser.js';

/** One browser tab's sessionStorage. */
class TabStorage {
  private readonly items = new Map<string, string>();
  getItem = (key: string) => this.items.get(key) ?? null;
  setItem = (key: string, value: string) => void this.items.set(key, String(value));
  removeItem = (key: string) => void this.items.delete(key);
}
const inTab = (tab: TabStorage) => Object.defineProperty(globalThis, 'sessionStorage', { value: tab, configurable: true });

const PEOPLE = [
  { sub: 'idp-victim', email: 'victim@idp.example', name: 'Vic Tim' },
  { sub: 'idp-attacker', email: 'attacker@idp.example', name: 'Mal Lory' },
];
const CONSOLE = 'https://console.example/app';

let gateway: TestGateway;
let idp: RunningDemoOidcProvider;
let tenant: TestTenant;
let issuer: string;

beforeAll(async () => {
  gateway = await startTestGateway();
  const port = await freePort();
  issuer = `http://127.0.0.1:${port}`;
  const sso = { type: 'oidc' as const, providerName: 'DemoIdP', issuer, clientId: 'placeholder', scopes: ['openid', 'email', 'profile'] };
  tenant = await createTestTenant({ prefix: 'hnd', mode: 'jit', sso, ssoEnforced: true, consoleUrl: CONSOLE });
  rememberSecret(tenant.adminToken);
  const repo = new TenantRepository(tenant.table);
  const before = await repo.require(tenant.tenantId);
  const tx = new Transaction(tenant.table);
  repo.update(tx, before, { ...before, signInClient: { issuer, clientId: `client-${tenant.tenantId}`, scopes: ['openid', 'email', 'profile'] } });
  await tx.commit();
  idp = await startDemoOidcProvider({
    port,
    people: PEOPLE,
    clients: [{ clientId: `client-${tenant.tenantId}`, redirectUris: [`${gateway.url}/auth/${tenant.tenantId}/callback`] }],
  });
}, 60_000);
afterAll(async () => {
  await idp?.close();
  await gateway?.close();
});

let victimTab: TabStorage;
let attackerTab: TabStorage;
beforeEach(() => {
  victimTab = new TabStorage();
  attackerTab = new TabStorage();
});

/**
 * "Sign in with SSO" in `tab` as the console does it, through the demo IdP as
 * `person`, to the console URL with the fragment the callback hands over.
 */
async function signInWithSso(tab: TabStorage, person: string): Promise<URL> {
  inTab(tab);
  const options = SignInOptionsResponse.parse(await (await gateway.request(`/auth/${tenant.tenantId}/options`)).json());
  expect(options.sso?.issuer).toBe(issuer);
  const browser = new TestBrowser();
  // As console/src/api/session.ts's ssoLoginUrl builds it (which imports the browser-only HTTP client).
  const loginUrl = new URL(options.sso!.loginUrl);
  loginUrl.searchParams.set('returnTo', '/users');
  loginUrl.searchParams.set('consoleNonce', beginHandoff(tenant.tenantId, options.sso!.issuer));
  const login = await browser.request(loginUrl.toString());
  expect(login.status).toBe(302);
  const { url: loginPage, response } = await browser.follow(login.headers.get('location')!);
  const page = await response!.text();
  const action = /action="([^"]+)"/.exec(page)![1]!;
  const submitted = await browser.request(new URL(action, loginPage).toString(), {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ person }).toString(),
  });
  const { url: callbackUrl } = await browser.follow(new URL(submitted.headers.get('location')!, loginPage).toString(), (u) => u.startsWith(gateway.url));
  const callback = await browser.request(callbackUrl);
  expect(callback.status, await callback.clone().text()).toBe(303);
  const landed = new URL(callback.headers.get('location')!);
  rememberSecret(new URLSearchParams(landed.hash.slice(1)).get('id_token')!);
  return landed;
}

/** What the console does with a URL's fragment at start-up in `tab`: the token it would sign in with, or its refusal. */
function consoleStartsWith(tab: TabStorage, hash: string): { token?: string; refusal?: string } {
  inTab(tab);
  const session = parseSessionFragment(hash);
  if (!session) return {};
  const refusal = refuseHandoff(session);
  return refusal ? { refusal } : { token: session.idToken };
}

const whoIs = async (token: string) =>
  ((await (await gateway.request('/api/svc/v1/x/session', { token })).json()) as { user?: { email?: string } }).user?.email;

describe('the hand-off of a sign-in the tab started', () => {
  it('signs the person in: the nonce went through the login and came back in the fragment', async () => {
    const landed = await signInWithSso(victimTab, 'idp-victim');
    const fragment = new URLSearchParams(landed.hash.slice(1));
    expect(fragment.get('console_nonce')).toMatch(/^[A-Za-z0-9_-]{43}$/);
    const { token, refusal } = consoleStartsWith(victimTab, landed.hash);
    expect(refusal).toBeUndefined();
    expect(await whoIs(token!)).toBe('victim@idp.example');
    // Spent: the same fragment again (a reload, a copy of the link) is refused.
    expect(consoleStartsWith(victimTab, landed.hash).refusal).toMatch(/not started from this window/);
  }, 60_000);
});

describe("a link carrying someone else's credential", () => {
  it("with the attacker's PAT signs no one in, with or without a sign-in under way", async () => {
    const { token: pat } = await issuePersonalAccessToken(tenant.table, { tenantId: tenant.tenantId, userId: tenant.adminUserId, name: 'bait' });
    rememberSecret(pat);
    const hash = `#id_token=${pat}&token_type=Bearer&tenant_id=${tenant.tenantId}`;
    expect(consoleStartsWith(victimTab, hash)).toEqual({ refusal: expect.stringMatching(/not started from this window/) });
    inTab(victimTab);
    beginHandoff(tenant.tenantId, issuer);
    expect(consoleStartsWith(victimTab, hash).refusal).toMatch(/not started from this window/);
    // Even with the nonce of the tab's own sign-in, a PAT is no ID token of the tenant's issuer.
    inTab(victimTab);
    const nonce = beginHandoff(tenant.tenantId, issuer);
    expect(consoleStartsWith(victimTab, `${hash}&console_nonce=${nonce}`).refusal).toMatch(/another issuer/);
  }, 60_000);

  it("with the attacker's own ID token and nonce, from a real sign-in of theirs, signs no one in", async () => {
    const stolen = await signInWithSso(attackerTab, 'idp-attacker');
    expect(consoleStartsWith(victimTab, stolen.hash).refusal).toMatch(/not started from this window/);
    // The victim had started a sign-in of their own: the attacker's fragment does not carry its nonce.
    inTab(victimTab);
    beginHandoff(tenant.tenantId, issuer);
    expect(consoleStartsWith(victimTab, stolen.hash).refusal).toMatch(/not started from this window/);
  }, 60_000);

  it('with a JWT of another issuer, even under the nonce of the tab, signs no one in', async () => {
    inTab(victimTab);
    const nonce = beginHandoff(tenant.tenantId, issuer);
    const b64 = (v: unknown) => Buffer.from(JSON.stringify(v)).toString('base64url');
    const forged = `${b64({ alg: 'RS256' })}.${b64({ iss: 'https://evil.example', sub: 'x', exp: Date.now() / 1000 + 600 })}.c2ln`;
    const hash = `#id_token=${forged}&token_type=Bearer&tenant_id=${tenant.tenantId}&console_nonce=${nonce}`;
    expect(consoleStartsWith(victimTab, hash).refusal).toMatch(/another issuer/);
  });

  it('for another tenant, under the nonce of the tab, signs no one in', async () => {
    const landed = await signInWithSso(attackerTab, 'idp-attacker');
    const params = new URLSearchParams(landed.hash.slice(1));
    inTab(victimTab);
    const nonce = beginHandoff('some-other-tenant', issuer);
    params.set('console_nonce', nonce);
    expect(consoleStartsWith(victimTab, `#${params}`).refusal).toMatch(/not started from this window/);
  }, 60_000);
});

describe('the login', () => {
  it('refuses a console nonce that is not one (400), and binds a good one to the state only', async () => {
    for (const bad of ['short', 'x'.repeat(129), 'has space in it and is long enough', '<script>alert(1)</script>aaaaaaaaaaaaa']) {
      const res = await gateway.request(`/auth/${tenant.tenantId}/login?returnTo=%2Fusers&consoleNonce=${encodeURIComponent(bad)}`, { redirect: 'manual' });
      expect(res.status, bad).toBe(400);
    }
    const nonce = 'n'.repeat(43);
    const res = await gateway.request(`/auth/${tenant.tenantId}/login?consoleNonce=${nonce}`, { redirect: 'manual' });
    expect(res.status).toBe(302);
    // The nonce goes nowhere near the IdP: it stays in our state.
    expect(res.headers.get('location')).not.toContain(nonce);
  });
});
