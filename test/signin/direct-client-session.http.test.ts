/**
 * The session a browser sign-in hands over when the tenant's sign-in client is
 * an OIDC provider reached directly (the local demo IdP, no Cognito pool
 * between): its ID token is an API credential of that tenant, held to what a
 * pool token is held to. Through the local gateway and the real demo IdP: the
 * token opens `/x/session` and `/users` as the signed-in user with the role of
 * the table; it never reaches another tenant; tokens of an issuer no tenant
 * configured, for a client no tenant has, forged, expired or of a deactivated
 * user are refused; removing the tenant's sign-in client refuses its tokens on
 * the next request; and it costs one BatchGet once the container knows it.
 */
import { randomUUID } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { generateKeyPair, SignJWT } from 'jose';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { authenticate } from '../support/authenticate.js';
import type { UserPrincipal } from '../../shared/caller/principal.js';
import { freePort } from '../../infra/local/free-port.js';
import { startDemoOidcProvider, type RunningDemoOidcProvider } from '../../infra/local/demo-oidc-provider.js';
import { Transaction } from '../../shared/storage/transaction.js';
import { signInClientKey } from '../../shared/tenants/sign-in-client-binding.js';
import { TenantRepository } from '../../shared/tenants/tenant-repository.js';
import type { SignInClient } from '../../shared/tenants/tenant.js';
import { countRequests, type RecordedRequest } from '../scim/request-counter.js';
import { startTestGateway, type TestGateway } from '../support/gateway.js';
import { createTestTenant, type TestTenant } from '../support/tenants.js';
import { TestBrowser } from './browser.js';
import { signInThroughDemoIdp } from './demo-idp-flow.js';

const PEOPLE = [
  { sub: 'dc-ada', email: 'ada@dc.example', name: 'Ada Lovelace' },
  { sub: 'dc-grace', email: 'grace@dc.example', name: 'Grace Hopper' },
  { sub: 'dc-alan', email: 'alan@dc.example', name: 'Alan Turing' },
  { sub: 'dc-edsger', email: 'edsger@dc.example', name: 'Edsger Dijkstra' },
];
const CONSOLE = 'https://console.example';

type Name = 'a' | 'b' | 'c' | 'd';

let gateway: TestGateway;
let idp: RunningDemoOidcProvider;
let issuer: string;
/** a: signs people in and is checked; b: the other tenant of the same IdP; c: loses its client; d: the read-cost tenant. */
const tenants = {} as Record<Name, TestTenant>;
/** Each tenant's client id at the demo IdP. */
const clients = {} as Record<Name, string>;

beforeAll(async () => {
  gateway = await startTestGateway();
  const port = await freePort();
  issuer = `http://127.0.0.1:${port}`;
  for (const name of ['a', 'b', 'c', 'd'] as const) {
    clients[name] = `dc-${name}-${randomUUID().slice(0, 8)}`;
    // The client is set at creation, so the creating transaction writes its binding; a and b hand sessions to a console.
    tenants[name] = await createTestTenant({
      prefix: `dc${name}`,
      mode: 'jit',
      ssoEnforced: true,
      sso: { type: 'oidc', providerName: 'DemoIdP', issuer, clientId: clients[name], scopes: ['openid', 'email', 'profile'] },
      consoleUrl: name === 'a' || name === 'b' ? CONSOLE : undefined,
      signInClient: { issuer, clientId: clients[name], scopes: ['openid', 'email', 'profile'] },
    });
  }
  idp = await startDemoOidcProvider({
    port,
    people: PEOPLE,
    clients: (['a', 'b', 'c', 'd'] as const).map((name) => ({
      clientId: clients[name],
      redirectUris: [`${gateway.url}/auth/${tenants[name].tenantId}/callback`],
    })),
  });
});

afterAll(async () => {
  await idp?.close();
  await gateway?.close();
});

afterEach(() => {
  vi.useRealTimers();
});

const signIn = (browser: TestBrowser, t: TestTenant, person: string) => signInThroughDemoIdp(browser, gateway.url, t.tenantId, person);

type ErrorBody = { code?: string; message?: string };

async function api<T = Record<string, unknown>>(path: string, token: string, init: RequestInit = {}): Promise<{ status: number; body: T & ErrorBody }> {
  const res = await gateway.request(path, { ...init, token, headers: { 'content-type': 'application/json', ...init.headers } });
  return { status: res.status, body: (await res.json().catch(() => undefined)) as T & ErrorBody };
}

interface SessionBody {
  tenant: { id: string };
  user: { id: string; email: string; role: string; source: string };
  credential: string;
}
const session = (token: string) => api<SessionBody>('/api/svc/v1/x/session', token);

/** Authenticates in this process (where the container's memory lives) and lists the reads, as `Command SK,SK`. */
async function authReads(t: TestTenant, token: string) {
  const { result, requests } = await countRequests(() =>
    authenticate(t.table, 'user', { headers: { authorization: `Bearer ${token}` } }).then(
      (principal) => ({ status: 200, principal: principal as UserPrincipal, code: undefined }),
      (error: { status?: number; code?: string }) => ({ status: error.status, principal: undefined, code: error.code }),
    ),
  );
  const sks = (r: RecordedRequest) =>
    r.command === 'BatchGetCommand'
      ? Object.values(r.input.RequestItems as Record<string, { Keys: Array<{ SK: string }> }>)[0]!
          .Keys.map((k) => k.SK)
          .sort()
      : [(r.input.Key as { SK: string }).SK];
  return { ...result, reads: requests.map((r) => `${r.command.replace(/Command$/, '')} ${sks(r).join(',')}`) };
}

/** A token with `payload` replaced and the IdP's signature kept. */
function withPayload(token: string, change: (claims: Record<string, unknown>) => Record<string, unknown>): string {
  const [header, payload, signature] = token.split('.');
  const claims = JSON.parse(Buffer.from(payload!, 'base64url').toString('utf8')) as Record<string, unknown>;
  return [header, Buffer.from(JSON.stringify(change(claims))).toString('base64url'), signature].join('.');
}

const claimsOf = (token: string) => JSON.parse(Buffer.from(token.split('.')[1]!, 'base64url').toString('utf8')) as Record<string, unknown>;

async function setSignInClient(t: TestTenant, client: SignInClient | undefined) {
  const repo = new TenantRepository(t.table);
  const before = await repo.require(t.tenantId);
  const tx = new Transaction(t.table);
  repo.update(tx, before, { ...before, signInClient: client });
  await tx.commit();
}

describe('the ID token a direct sign-in client hands over', () => {
  it('opens a session: /x/session and /users answer as the signed-in user, with the role the table holds on each request', async () => {
    const a = tenants.a;
    const token = await signIn(new TestBrowser(), a, 'dc-ada');
    expect(claimsOf(token)).toMatchObject({ iss: issuer, aud: clients.a, sub: 'dc-ada' });

    const me = await session(token);
    expect(me.status).toBe(200);
    expect(me.body).toMatchObject({ tenant: { id: a.tenantId }, user: { email: 'ada@dc.example', role: 'tenant-member', source: 'jit' }, credential: 'jwt' });
    const users = await api('/api/svc/v1/users', token);
    expect(users.status).toBe(200);
    expect((users.body.data as Array<{ email: string }>).map((u) => u.email).sort()).toEqual(['ada@dc.example', a.adminEmail]);

    expect((await api('/api/svc/v1/provisioning', token)).body).toMatchObject({ code: 'auth.admin_required' });
    const promoted = await api('/api/svc/v1/users/roles', a.adminToken, {
      method: 'PATCH',
      body: JSON.stringify({ email: 'ada@dc.example', roles: ['tenant-admin'] }),
    });
    expect(promoted.status).toBe(200);
    expect((await api('/api/svc/v1/provisioning', token)).status).toBe(200);
    expect((await session(token)).body.user.role).toBe('tenant-admin');
  });

  it('is a credential of its own tenant only: the same person signed in to two tenants is two users, and neither token reaches the other tenant', async () => {
    const { a, b } = tenants;
    const browser = new TestBrowser();
    const tokenA = await signIn(browser, a, 'dc-alan');
    // Still signed in at the IdP: the second tenant's sign-in skips its page.
    const tokenB = await signIn(browser, b, 'dc-alan');
    const inA = (await session(tokenA)).body;
    const inB = (await session(tokenB)).body;
    expect(inA).toMatchObject({ tenant: { id: a.tenantId }, user: { email: 'alan@dc.example' } });
    expect(inB).toMatchObject({ tenant: { id: b.tenantId }, user: { email: 'alan@dc.example' } });
    expect(inA.user.id).not.toBe(inB.user.id);

    expect((await api(`/api/svc/v1/users/${inB.user.id}`, tokenA)).status).toBe(404);
    expect((await api(`/api/svc/v1/users/${b.adminUserId}`, tokenA)).status).toBe(404);
    const listed = (await api('/api/svc/v1/users?showInvalidUsers=true', tokenA)).body.data as Array<{ id: string }>;
    expect(listed.map((u) => u.id)).not.toContain(inB.user.id);
    expect(listed.map((u) => u.id)).not.toContain(b.adminUserId);
    expect((await api(`/scim/v2/${b.tenantId}/Users`, tokenA)).status).toBe(401);

    // A's token with B's client as its audience names B, and its signature no longer holds.
    const retargeted = await session(withPayload(tokenA, (c) => ({ ...c, aud: clients.b })));
    expect(retargeted).toMatchObject({ status: 401, body: { code: 'auth.invalid_token' } });
  });

  it('refuses a token of an issuer no tenant configured with a 401, fetching nothing from it and writing nothing', async () => {
    const fetched: string[] = [];
    const rogue: Server = createServer((req, res) => {
      fetched.push(req.url ?? '');
      res.setHeader('content-type', 'application/json');
      res.end('{}');
    });
    await new Promise<void>((resolve) => rogue.listen(0, '127.0.0.1', resolve));
    try {
      const rogueUrl = `http://127.0.0.1:${(rogue.address() as AddressInfo).port}`;
      const { privateKey } = await generateKeyPair('RS256');
      for (const iss of [rogueUrl, `${rogueUrl}/local_0a1b2c3d`]) {
        const forged = await new SignJWT({ email: 'ada@dc.example' })
          .setProtectedHeader({ alg: 'RS256', kid: 'rogue' })
          .setIssuer(iss)
          .setAudience(clients.a)
          .setSubject('dc-ada')
          .setIssuedAt()
          .setExpirationTime('10m')
          .sign(privateKey);
        const { result, requests } = await countRequests(() => session(forged));
        expect(result).toMatchObject({ status: 401, body: { code: 'auth.invalid_token', message: 'Invalid or expired token' } });
        expect(requests.map((r) => r.command).filter((c) => c !== 'GetCommand' && c !== 'BatchGetCommand')).toEqual([]);
      }
      expect(fetched).toEqual([]);
    } finally {
      await new Promise((resolve) => rogue.close(resolve));
    }
  });

  it('refuses a token for a client no tenant has, one signed by another key, an unsigned one and an HMAC one', async () => {
    const real = await signIn(new TestBrowser(), tenants.a, 'dc-ada');
    const claims = claimsOf(real);
    const { privateKey } = await generateKeyPair('RS256');
    const forge = (aud: string) => new SignJWT({ ...claims, aud }).setProtectedHeader({ alg: 'RS256', kid: 'forged' }).sign(privateKey);
    const unsigned = `${Buffer.from(JSON.stringify({ alg: 'none', typ: 'JWT' })).toString('base64url')}.${real.split('.')[1]}.`;
    const hmac = await new SignJWT(claims).setProtectedHeader({ alg: 'HS256' }).sign(new TextEncoder().encode('a-shared-secret-nobody-configured'));
    for (const token of [await forge('client-nobody-has'), await forge(clients.a), unsigned, hmac]) {
      expect(await session(token)).toMatchObject({ status: 401, body: { code: 'auth.invalid_token' } });
    }
    expect((await session(real)).status).toBe(200);
  });

  it('refuses an expired token, and one issued in the future', async () => {
    const token = await signIn(new TestBrowser(), tenants.a, 'dc-ada');
    const { iat, exp } = claimsOf(token) as { iat: number; exp: number };
    expect((await session(token)).status).toBe(200);
    vi.useFakeTimers({ toFake: ['Date'] });
    // Past the expiry and the 30 s of clock skew tolerated.
    vi.setSystemTime((exp + 31) * 1000);
    expect(await session(token)).toMatchObject({ status: 401, body: { code: 'auth.invalid_token' } });
    // The same token seen from before its issue.
    vi.setSystemTime((iat - 60) * 1000);
    expect(await session(token)).toMatchObject({ status: 401, body: { code: 'auth.invalid_token' } });
  });

  it('refuses a deactivated user as for a pool token; a session from before stays refused after reactivation, a new sign-in works', async () => {
    const a = tenants.a;
    const browser = new TestBrowser();
    const before = await signIn(browser, a, 'dc-grace');
    expect((await session(before)).status).toBe(200);
    const deactivated = await api('/api/svc/v1/users/deactivate', a.adminToken, { method: 'PATCH', body: JSON.stringify({ email: 'grace@dc.example' }) });
    expect(deactivated.status).toBe(200);
    expect(await session(before)).toEqual({
      status: 401,
      body: expect.objectContaining({ code: 'auth.user_deactivated', message: 'Your account is deactivated' }),
    });

    expect((await api('/api/svc/v1/users/activate', a.adminToken, { method: 'PATCH', body: JSON.stringify({ email: 'grace@dc.example' }) })).status).toBe(200);
    expect(await session(before)).toMatchObject({ status: 401, body: { code: 'auth.session_revoked' } });
    // `iat` has a resolution of one second: the next token must come from a later second than the revocation.
    await new Promise((resolve) => setTimeout(resolve, 1100));
    // The IdP session outlived the deactivation; the token of this new sign-in is issued after it, and works.
    const after = await signIn(browser, a, 'dc-grace');
    expect(claimsOf(after).auth_time).toBe(claimsOf(before).auth_time);
    expect(await session(after)).toMatchObject({ status: 200, body: { user: { email: 'grace@dc.example' } } });
  });

  it("refuses the tenant's tokens on the next request once its sign-in client is removed or changed, though the container remembers the client", async () => {
    const c = tenants.c;
    const client = { issuer, clientId: clients.c, scopes: ['openid', 'email', 'profile'] };
    const token = await signIn(new TestBrowser(), c, 'dc-ada');
    expect((await authReads(c, token)).status).toBe(200);
    expect((await authReads(c, token)).reads).toHaveLength(1);

    await setSignInClient(c, undefined);
    expect(await c.table.get(signInClientKey(client))).toBeUndefined();
    expect(await authReads(c, token)).toMatchObject({ status: 401, code: 'auth.invalid_token' });

    await setSignInClient(c, client);
    expect(await authReads(c, token)).toMatchObject({ status: 200, principal: { tenant: { id: c.tenantId } } });
    await setSignInClient(c, { ...client, clientId: `${client.clientId}-moved` });
    expect(await authReads(c, token)).toMatchObject({ status: 401, code: 'auth.invalid_token' });
    await setSignInClient(c, client);
  });

  it('costs one BatchGet (tenant + user) once the container knows the client and the person, as a pool token does; a deleted user is read afresh and refused', async () => {
    const d = tenants.d;
    const token = await signIn(new TestBrowser(), d, 'dc-edsger');
    const first = await authReads(d, token);
    expect(first.status).toBe(200);
    const userId = first.principal!.user.id;
    expect(first.reads).toEqual([`Get CLIENT#${clients.d}`, 'Get TENANT', 'Get UNIQUE', `Get U#${userId}`]);
    expect((await authReads(d, token)).reads).toEqual([`BatchGet TENANT,U#${userId}`]);

    const deleted = await gateway.request(`/api/svc/v1/users/${userId}`, { method: 'DELETE', token: d.adminToken });
    expect(deleted.status).toBe(200);
    expect(await authReads(d, token)).toEqual({
      status: 401,
      principal: undefined,
      code: 'auth.invalid_token',
      // The remembered user is gone: the person's binding is read afresh, and the identity's marker went with the user.
      reads: [`BatchGet TENANT,U#${userId}`, `Get CLIENT#${clients.d}`, 'Get TENANT', 'Get UNIQUE'],
    });
  });
});
