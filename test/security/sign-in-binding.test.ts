/**
 * Every sign-in binds to the account it was made for. Each attack runs end to
 * end through the real local parts: password flows through cognito-local's
 * public API (InitiateAuth, UpdateUserAttributes, RespondToAuthChallenge) with
 * the triggers behind it, SSO through the demo OIDC provider and the browser
 * callback, SCIM through the SCIM routes with the tenant's SCIM token, and the
 * API through its route handlers.
 *
 * - a member rewriting their own pool email to the admin's still refreshes into
 *   themselves (with and without the pool's verification setting, so the
 *   binding is proved on its own); old-shaped users bind on their first sign-in
 *   and nobody else's sign-in can take that first bind;
 * - a SCIM login email change unlinks, signs out and is audited, and SCIM may
 *   not change a tenant admin's; the person still signs in afterwards;
 * - an IdP identity links by email only when the IdP verified it (or the tenant
 *   trusts it), and never onto an admin or a password user;
 * - a token straight from the tenant's IdP names only its own subject: claims
 *   Cognito reserves (`identities`, `cognito:username`) in it name nobody;
 * - an invite-pending account cannot be claimed with NEW_PASSWORD_REQUIRED;
 * - an access token is not an ID token.
 */
import { randomUUID } from 'node:crypto';
import { createRequire } from 'node:module';
import {
  AdminGetUserCommand,
  ChallengeNameType,
  CognitoIdentityProviderClient,
  CreateUserPoolClientCommand,
  CreateUserPoolCommand,
  InitiateAuthCommand,
  RespondToAuthChallengeCommand,
  UpdateUserAttributesCommand,
} from '@aws-sdk/client-cognito-identity-provider';
import { decodeJwt, importJWK, SignJWT } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureUserPools, type TenantUserPool } from '../../infra/local/cognito-pools.js';
import { freePort } from '../../infra/local/free-port.js';
import { startDemoOidcProvider, type DemoPerson, type RunningDemoOidcProvider } from '../../infra/local/demo-oidc-provider.js';
import { LOCAL_CREDENTIALS, LOCAL_REGION } from '../../infra/local/local-env.js';
import type { Table } from '../../shared/storage/table.js';
import { IDENTITY_SYNC_OUTBOX } from '../../shared/identity/apply-identity-sync.js';
import { handleOutboxItem } from '../../shared/outbox/handle-item.js';
import { setDirectoryPassword } from '../../shared/identity/cognito-directory.js';
import type { IdentitySyncRequest } from '../../shared/identity/identity-sync.js';
import { federatedIdOf } from '../../shared/signin/sign-in-identity.js';
import { keys } from '../../shared/storage/keys.js';
import { pendingOutboxItems } from '../support/outbox.js';
import { Transaction } from '../../shared/storage/transaction.js';
import { ConflictError } from '../../shared/errors/app-error.js';
import type { ProvisioningMode } from '../../shared/tenants/tenant.js';
import { UserRepository } from '../../shared/users/user-repository.js';
import { startTestCognito, type TestCognito } from '../support/emulators.js';
import { startTestGateway, type TestGateway } from '../support/gateway.js';
import { rememberSecret } from '../support/secret-ledger.js';
import { createTestTenant, type TestTenant } from '../support/tenants.js';
import { TestBrowser } from '../signin/browser.js';
import { callbackThroughDemoIdp } from '../signin/demo-idp-flow.js';
import { auditEvents, createUser } from '../tenants/support.js';
import { call, type ApiRequest } from './in-process-api.js';

/** The identity-sync kind's handling of one item, as the stream consumer and the sweeper run it. */
const applyIdentitySync = (table: Table, request: { id: string }) => handleOutboxItem(table, IDENTITY_SYNC_OUTBOX, request.id);

const SLOW_OK = { timeoutSeconds: 60 };
const PASSWORD = 'Member-chosen-9-password';
const ADMIN_PASSWORD = 'Admin-only-7-secret-phrase';

let cognito: TestCognito;
let client: CognitoIdentityProviderClient;

beforeAll(async () => {
  cognito = await startTestCognito();
  client = new CognitoIdentityProviderClient({ endpoint: cognito.url, region: LOCAL_REGION, credentials: LOCAL_CREDENTIALS });
  rememberSecret(PASSWORD, ADMIN_PASSWORD);
}, 60_000);

afterAll(async () => {
  client?.destroy();
  await cognito?.stop();
});

interface PoolTenant extends TestTenant {
  pool: TenantUserPool;
  adminEmail: string;
  users: UserRepository;
}

/** A tenant on its own cognito-local pool whose admin has a password account, as seeding makes it. */
async function tenantOnPool(mode: ProvisioningMode, pool?: TenantUserPool): Promise<PoolTenant> {
  const id = `sib-${randomUUID().slice(0, 8)}`;
  const ownPool = pool ?? (await ensureUserPools(cognito.url, [id]))[id]!;
  const adminEmail = `boss-${randomUUID().slice(0, 8)}@corp.example`;
  const tenant = await createTestTenant({ prefix: 'sib', mode, ...ownPool, admins: [{ email: adminEmail, cognitoUsername: adminEmail }] });
  rememberSecret(tenant.adminToken);
  if (tenant.scimToken) rememberSecret(tenant.scimToken);
  await setDirectoryPassword(ownPool.userPoolId, adminEmail, adminEmail, ADMIN_PASSWORD);
  return { ...tenant, pool: ownPool, adminEmail, users: new UserRepository(tenant.table) };
}

/**
 * A pool whose email attribute a person can rewrite at once (no verification
 * before update), as cognito-local's default pools and a misconfigured pool
 * are: what remains between the attacker and the admin is the binding itself.
 */
async function openPool(): Promise<TenantUserPool> {
  const created = await client.send(new CreateUserPoolCommand({ PoolName: `open-${randomUUID().slice(0, 8)}`, AliasAttributes: ['email'] }));
  const userPoolId = created.UserPool!.Id!;
  const app = await client.send(
    new CreateUserPoolClientCommand({ UserPoolId: userPoolId, ClientName: 'web', ExplicitAuthFlows: ['ALLOW_USER_PASSWORD_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH'] }),
  );
  return { userPoolId, appClientId: app.UserPoolClient!.ClientId!, jwtIssuer: `${cognito.url}/${userPoolId}` };
}

const api = (t: TestTenant, method: string, path: string, body?: unknown, token = t.adminToken): ApiRequest => ({
  method,
  url: `/api/svc/v1${path}`,
  token,
  body,
});
const scim = (t: TestTenant, method: string, path: string, body?: unknown): ApiRequest => ({
  method,
  url: `/scim/v2/${t.tenantId}${path}`,
  token: t.scimToken,
  headers: { 'content-type': 'application/scim+json' },
  body,
});

/** An invited member who accepted with a password: their pool account is made by the service, named by their email. */
async function memberWithPassword(t: PoolTenant, email = `member-${randomUUID().slice(0, 8)}@corp.example`): Promise<{ id: string; email: string }> {
  const invited = await call(api(t, 'POST', '/users/invite', { email, acceptInviteClientUrl: 'https://app.example.com/accept' }), SLOW_OK);
  expect(invited.status, invited.text).toBe(201);
  const token = new URL(invited.json.link as string).searchParams.get('token')!;
  rememberSecret(token);
  const accepted = await call({ method: 'POST', url: '/api/svc/v1/users/accept-invite', body: { token, password: PASSWORD } }, SLOW_OK);
  expect(accepted.status, accepted.text).toBe(200);
  return { id: invited.json.data.id as string, email };
}

const signIn = (t: PoolTenant, username: string, password = PASSWORD) =>
  client.send(
    new InitiateAuthCommand({ ClientId: t.pool.appClientId, AuthFlow: 'USER_PASSWORD_AUTH', AuthParameters: { USERNAME: username, PASSWORD: password } }),
  );

const refresh = (t: PoolTenant, refreshToken: string) =>
  client.send(new InitiateAuthCommand({ ClientId: t.pool.appClientId, AuthFlow: 'REFRESH_TOKEN_AUTH', AuthParameters: { REFRESH_TOKEN: refreshToken } }));

const poolEmail = async (t: PoolTenant, username: string) =>
  (await client.send(new AdminGetUserCommand({ UserPoolId: t.pool.userPoolId, Username: username }))).UserAttributes?.find((a) => a.Name === 'email')?.Value;

describe('a Cognito account signs in as the user it was made for, whatever its email says', { timeout: 120_000 }, () => {
  it.each([
    ['the pool as deployed (email changes wait for verification)', false],
    ['a pool whose email a person rewrites at once', true],
  ])('%s: a member who sets their email to the admin’s refreshes into themselves, and cannot mint an admin PAT', async (_label, open) => {
    const t = await tenantOnPool('invite-only', open ? await openPool() : undefined);
    const member = await memberWithPassword(t);
    const session = (await signIn(t, member.email)).AuthenticationResult!;
    expect(decodeJwt(session.IdToken!)).toMatchObject({ user_id: member.id, tenant_role: 'tenant-member' });

    await client.send(new UpdateUserAttributesCommand({ AccessToken: session.AccessToken!, UserAttributes: [{ Name: 'email', Value: t.adminEmail }] }));
    expect(await poolEmail(t, String(decodeJwt(session.AccessToken!).username))).toBe(open ? t.adminEmail : member.email);

    const refreshed = (await refresh(t, session.RefreshToken!)).AuthenticationResult!.IdToken!;
    expect(decodeJwt(refreshed)).toMatchObject({ user_id: member.id, tenant_role: 'tenant-member', tenant_id: t.tenantId });
    const again = (await signIn(t, member.email)).AuthenticationResult!.IdToken!;
    expect(decodeJwt(again)).toMatchObject({ user_id: member.id, tenant_role: 'tenant-member' });

    // With what they got, admin routes stay closed and a PAT is theirs, not the admin's.
    expect((await call(api(t, 'GET', '/provisioning', undefined, refreshed))).status).toBe(403);
    const pat = await call(api(t, 'POST', '/personal-access-tokens', { name: 'mine' }, refreshed), SLOW_OK);
    expect(pat.status, pat.text).toBe(201);
    rememberSecret(pat.json.token as string);
    const viaPat = await call(
      api(t, 'POST', '/users/invite', { email: 'x@corp.example', acceptInviteClientUrl: 'https://app.example.com/accept' }, pat.json.token as string),
    );
    expect(viaPat.status).toBe(403);
    // The admin's own account still signs in as the admin.
    expect(decodeJwt((await signIn(t, t.adminEmail, ADMIN_PASSWORD)).AuthenticationResult!.IdToken!)).toMatchObject({
      user_id: t.adminUserId,
      tenant_role: 'tenant-admin',
    });
  });

  it('users written before the binding existed bind on their first sign-in, and no other account can take that bind', async () => {
    const t = await tenantOnPool('invite-only', await openPool());
    // Old-shaped items: users with a pool account the service made, but no binding marker.
    const adminMarker = keys.cognitoAccount(t.tenantId, t.adminEmail);
    await t.table.delete({ Key: adminMarker });
    const member = await memberWithPassword(t);
    await t.table.delete({ Key: keys.cognitoAccount(t.tenantId, member.email) });

    // The member (bound first) points their email at the old-shaped admin before the admin ever signs in.
    const session = (await signIn(t, member.email)).AuthenticationResult!;
    expect(decodeJwt(session.IdToken!).user_id).toBe(member.id);
    expect((await t.table.get<{ userId: string }>(keys.cognitoAccount(t.tenantId, member.email)))?.userId).toBe(member.id);
    await client.send(new UpdateUserAttributesCommand({ AccessToken: session.AccessToken!, UserAttributes: [{ Name: 'email', Value: t.adminEmail }] }));
    expect(decodeJwt((await refresh(t, session.RefreshToken!)).AuthenticationResult!.IdToken!).user_id).toBe(member.id);
    expect(await t.table.get(adminMarker)).toBeUndefined();

    // The admin's own first sign-in binds the admin.
    expect(decodeJwt((await signIn(t, t.adminEmail, ADMIN_PASSWORD)).AuthenticationResult!.IdToken!).user_id).toBe(t.adminUserId);
    expect((await t.table.get<{ userId: string }>(adminMarker))?.userId).toBe(t.adminUserId);
  });

  it('an old account claimed by two users is refused, not guessed between', async () => {
    const t = await tenantOnPool('invite-only');
    const shared = `shared-${randomUUID().slice(0, 8)}@corp.example`;
    const first = await createUser(t.table, t.tenantId, { email: shared, cognitoUsername: shared });
    await t.table.delete({ Key: keys.cognitoAccount(t.tenantId, shared) });
    // The second user has the address among their emails and was given the same pool account (data from before bindings).
    const other = `other-${randomUUID().slice(0, 8)}@corp.example`;
    const second = await createUser(t.table, t.tenantId, {
      userName: other,
      email: other,
      emails: [
        { value: other, type: 'work', primary: true },
        { value: shared, type: 'home' },
      ],
      cognitoUsername: shared,
    });
    await t.table.delete({ Key: keys.cognitoAccount(t.tenantId, shared) });
    await setDirectoryPassword(t.pool.userPoolId, shared, shared, PASSWORD);

    await expect(signIn(t, shared)).rejects.toThrow(
      `Your sign-in account for Test tenant ${t.tenantId} is claimed by more than one user. Ask your administrator.`,
    );
    expect(await t.table.get(keys.cognitoAccount(t.tenantId, shared))).toBeUndefined();
    expect(first.id).not.toBe(second.id);
  });
});

describe('an invite-pending account cannot be claimed before the invite is redeemed', { timeout: 120_000 }, () => {
  it('NEW_PASSWORD_REQUIRED with any password gets no tokens; the invite link still sets the password that works', async () => {
    const t = await tenantOnPool('invite-only');
    const email = `pending-${randomUUID().slice(0, 8)}@corp.example`;
    const invited = await call(api(t, 'POST', '/users/invite', { email, acceptInviteClientUrl: 'https://app.example.com/accept' }), SLOW_OK);
    expect(invited.status, invited.text).toBe(201);
    const inviteToken = new URL(invited.json.link as string).searchParams.get('token')!;
    rememberSecret(inviteToken);
    // The identity-sync consumer creates the pool account (no password, Cognito's FORCE_CHANGE_PASSWORD).
    await applyPendingIdentitySync(t, invited.json.data.id as string);

    const challenge = await signIn(t, email, 'anything-at-all');
    expect(challenge.ChallengeName).toBe(ChallengeNameType.NEW_PASSWORD_REQUIRED);
    const attacker = 'Attacker-picked-1-password';
    rememberSecret(attacker);
    await expect(
      client.send(
        new RespondToAuthChallengeCommand({
          ClientId: t.pool.appClientId,
          ChallengeName: ChallengeNameType.NEW_PASSWORD_REQUIRED,
          Session: challenge.Session,
          ChallengeResponses: { USERNAME: email, NEW_PASSWORD: attacker },
        }),
      ),
    ).rejects.toThrow(`Your invitation to Test tenant ${t.tenantId} has not been accepted yet.`);
    await expect(signIn(t, email, attacker)).rejects.toThrow('has not been accepted yet');
    const refused = (await auditEvents(t.table, t.tenantId)).filter((e) => e.action === 'sign_in.refused' && e.target.id === invited.json.data.id);
    expect(refused.map((e) => e.details?.reason)).toContain('invite_pending');

    const accepted = await call({ method: 'POST', url: '/api/svc/v1/users/accept-invite', body: { token: inviteToken, password: PASSWORD } }, SLOW_OK);
    expect(accepted.status, accepted.text).toBe(200);
    await expect(signIn(t, email, attacker)).rejects.toThrow();
    expect(decodeJwt((await signIn(t, email)).AuthenticationResult!.IdToken!).user_id).toBe(invited.json.data.id);
  });
});

async function applyPendingIdentitySync(t: PoolTenant, userId: string): Promise<void> {
  const pending = await pendingOutboxItems<IdentitySyncRequest>(t.table, t.tenantId, 'identitySync');
  const mine = pending.filter((i) => i.userId === userId);
  expect(mine.length).toBeGreaterThan(0);
  for (const request of mine) expect(await applyIdentitySync(t.table, request)).toBe('done');
}

describe('SCIM changes of a login email', { timeout: 120_000 }, () => {
  it('may not touch a tenant admin’s (403 saying why), so nobody can move an address onto the admin', async () => {
    const t = await tenantOnPool('scim');
    const member = await memberWithPassword(t);
    // Free the member's address, then try to put it on the admin before the member's next sign-in.
    const moved = await call(scim(t, 'PATCH', `/Users/${member.id}`, patchEmail(`renamed-${randomUUID().slice(0, 8)}@corp.example`)));
    expect(moved.status, moved.text).toBe(200);
    const onAdmin = await call(scim(t, 'PATCH', `/Users/${t.adminUserId}`, patchEmail(member.email)));
    expect(onAdmin.status).toBe(403);
    expect(onAdmin.json).toMatchObject({ status: '403' });
    expect(onAdmin.json.detail).toContain("is a tenant admin: their login email signs in with the tenant's highest role, so a SCIM client may not change it");
    const replaced = await call(
      scim(t, 'PUT', `/Users/${t.adminUserId}`, {
        schemas: ['urn:ietf:params:scim:schemas:core:2.0:User'],
        userName: t.adminEmail,
        emails: [{ value: 'mallory@evil.example', primary: true }],
      }),
    );
    expect(replaced.status).toBe(403);
    expect((await t.users.get(t.tenantId, t.adminUserId))?.email).toBe(t.adminEmail);
    // The rest of an admin stays SCIM's to change, the email's case included (login emails compare case-insensitively).
    const renamed = await call(
      scim(t, 'PATCH', `/Users/${t.adminUserId}`, {
        schemas: ['urn:ietf:params:scim:api:messages:2.0:PatchOp'],
        Operations: [{ op: 'replace', value: { displayName: 'The Boss' } }, ...patchEmail(t.adminEmail.toUpperCase()).Operations],
      }),
    );
    expect(renamed.status, renamed.text).toBe(200);
    expect(await t.users.get(t.tenantId, t.adminUserId)).toMatchObject({ displayName: 'The Boss', email: t.adminEmail.toUpperCase() });

    // The member's password account is still the member's, and the admin's the admin's.
    expect(decodeJwt((await signIn(t, member.email)).AuthenticationResult!.IdToken!).user_id).toBe(member.id);
    expect(decodeJwt((await signIn(t, t.adminEmail, ADMIN_PASSWORD)).AuthenticationResult!.IdToken!).user_id).toBe(t.adminUserId);
  });

  it('of a member: unlinks their IdP identity, ends their sessions (Cognito sign-out queued), is audited; they still sign in as themselves', async () => {
    const t = await tenantOnPool('scim');
    const member = await memberWithPassword(t);
    const before = (await t.users.get(t.tenantId, member.id))!;
    // The member also signs in through SSO: their identity is bound to them.
    const federatedId = `demoidp_${randomUUID()}`;
    const link = new Transaction(t.table);
    link.create(
      { ...keys.federatedIdentity(t.tenantId, federatedId), entity: 'federatedIdentity', userId: member.id, federatedId },
      () => new ConflictError('signin.identity_race', 'taken'),
    );
    t.users.update(link, before, { ...before, federatedId, ssoName: 'DemoIdP' });
    await link.commit();
    const oldSession = (await signIn(t, member.email)).AuthenticationResult!.IdToken!;
    expect((await call(api(t, 'GET', `/users/${member.id}`, undefined, oldSession))).status).toBe(200);

    const newEmail = `renamed-${randomUUID().slice(0, 8)}@corp.example`;
    const changed = await call(scim(t, 'PATCH', `/Users/${member.id}`, patchEmail(newEmail)));
    expect(changed.status, changed.text).toBe(200);

    const after = (await t.users.get(t.tenantId, member.id))!;
    expect(after).toMatchObject({ email: newEmail });
    expect(after.federatedId).toBeUndefined();
    expect(after.ssoName).toBeUndefined();
    expect(after.sessionsRevokedAt).toBeDefined();
    expect(await t.table.get(keys.federatedIdentity(t.tenantId, federatedId))).toBeUndefined();
    const stale = await call(api(t, 'GET', `/users/${member.id}`, undefined, oldSession));
    expect(stale.status).toBe(401);
    expect(stale.json).toMatchObject({ code: 'auth.session_revoked' });
    const audit = (await auditEvents(t.table, t.tenantId)).find((e) => e.action === 'user.login_email_changed' && e.target.id === member.id);
    expect(audit).toMatchObject({
      actor: { type: 'scim' },
      changes: { before: { email: member.email }, after: { email: newEmail } },
      details: { via: 'scim', sessionsRevoked: true, unlinkedIdentity: federatedId, provider: 'DemoIdP', cognitoSignOut: true },
    });
    const signOut = await pendingOutboxItems<IdentitySyncRequest>(t.table, t.tenantId, 'identitySync');
    expect(signOut.filter((i) => i.userId === member.id).map((i) => [i.actions, i.cognitoUsername])).toContainEqual([['signOut'], member.email]);

    // A new sign-in (the revocation is at a second's resolution in tokens) is the same person.
    await new Promise((resolve) => setTimeout(resolve, 1100));
    const fresh = (await signIn(t, member.email)).AuthenticationResult!.IdToken!;
    expect(decodeJwt(fresh)).toMatchObject({ user_id: member.id, tenant_role: 'tenant-member' });
    expect((await call(api(t, 'GET', `/users/${member.id}`, undefined, fresh))).status).toBe(200);
  });
});

const patchEmail = (email: string) => ({
  schemas: ['urn:ietf:params:scim:api:messages:2.0:PatchOp'],
  Operations: [{ op: 'replace', path: 'emails', value: [{ value: email, type: 'work', primary: true }] }],
});

describe('an access token is not an ID token', { timeout: 120_000 }, () => {
  it('is refused even when it carries user_id and tenant_id (as pre token generation V2 puts them), signed by the pool', async () => {
    const t = await tenantOnPool('invite-only');
    const member = await memberWithPassword(t);
    const session = (await signIn(t, member.email)).AuthenticationResult!;
    expect((await call(api(t, 'GET', `/users/${member.id}`, undefined, session.IdToken!))).status).toBe(200);
    expect((await call(api(t, 'GET', `/users/${member.id}`, undefined, session.AccessToken!))).status).toBe(401);

    // cognito-local runs V1 events (claims in ID tokens only); the access token AWS issues with V2 claims, signed by the pool's key.
    const keyFile = createRequire(import.meta.url).resolve('cognito-local/lib/keys/cognitoLocal.private.json');
    const { jwk } = (await import(keyFile, { with: { type: 'json' } })).default as { jwk: Record<string, string> };
    const claims = { ...decodeJwt(session.AccessToken!), user_id: member.id, tenant_id: t.tenantId, tenant_role: 'tenant-member' };
    const accessToken = await new SignJWT(claims).setProtectedHeader({ alg: 'RS256', kid: 'CognitoLocal' }).sign(await importJWK(jwk, 'RS256'));
    const refused = await call(api(t, 'GET', `/users/${member.id}`, undefined, accessToken));
    expect(refused.status).toBe(401);
  });
});

/**
 * For the describe block it is called in: an invite-only tenant whose browser
 * sign-in goes straight to a demo IdP of `people` (no Cognito in between), the
 * gateway it calls back, and a whole SSO sign-in of one of them.
 */
function directIdpTenant<P extends Record<string, DemoPerson>>(prefix: string, people: P, admins: Array<{ email: string; cognitoUsername?: string }>) {
  const running = {} as { gateway: TestGateway; idp: RunningDemoOidcProvider; tenant: TestTenant };
  beforeAll(async () => {
    running.gateway = await startTestGateway();
    const port = await freePort();
    const issuer = `http://127.0.0.1:${port}`;
    const clientId = `${prefix}-${randomUUID().slice(0, 8)}`;
    running.tenant = await createTestTenant({
      prefix,
      mode: 'invite-only',
      admins,
      sso: { type: 'oidc', providerName: 'DemoIdP', issuer, clientId, scopes: ['openid', 'email', 'profile'] },
      signInClient: { issuer, clientId, scopes: ['openid', 'email', 'profile'] },
    });
    rememberSecret(running.tenant.adminToken);
    const redirectUris = [`${running.gateway.url}/auth/${running.tenant.tenantId}/callback`];
    running.idp = await startDemoOidcProvider({ port, people: Object.values(people), clients: [{ clientId, redirectUris }] });
  }, 60_000);
  afterAll(async () => {
    await running.idp?.close();
    await running.gateway?.close();
  });
  const sso = async (person: keyof P) => {
    const res = await callbackThroughDemoIdp(new TestBrowser(), running.gateway.url, running.tenant.tenantId, people[person]!.sub);
    return { status: res.status, body: (await res.json()) as { code?: string; message?: string; user?: { id: string } } };
  };
  return { running, sso };
}

describe('an IdP identity is linked to an existing user by email only when that is safe', { timeout: 120_000 }, () => {
  const domain = `sso-${randomUUID().slice(0, 8)}.example`;
  const people = {
    boss: { sub: `boss-${randomUUID()}`, email: `boss@${domain}`, name: 'Boss (IdP)' },
    unchecked: { sub: `unchecked-${randomUUID()}`, email: `newcomer@${domain}`, name: 'Unverified', emailVerified: false },
    newcomer: { sub: `newcomer-${randomUUID()}`, email: `newcomer@${domain}`, name: 'Newcomer' },
    passworded: { sub: `pw-${randomUUID()}`, email: `passworded@${domain}`, name: 'Has a password' },
    late: { sub: `late-${randomUUID()}`, email: `late@${domain}`, name: 'Late joiner' },
  };

  const { running, sso } = directIdpTenant('sib', people, [{ email: people.boss.email }]);

  it('never onto a tenant admin, even for a verified email', async () => {
    const out = await sso('boss');
    expect(out.status).toBe(403);
    expect(out.body).toMatchObject({ code: 'signin.link_not_allowed' });
    expect((await new UserRepository(running.tenant.table).get(running.tenant.tenantId, running.tenant.adminUserId))?.federatedId).toBeUndefined();
  });

  it('never onto a user who signs in with a password', async () => {
    const user = await createUser(running.tenant.table, running.tenant.tenantId, { email: people.passworded.email, hasPassword: true });
    expect(await sso('passworded')).toMatchObject({ status: 403, body: { code: 'signin.link_not_allowed' } });
    expect((await new UserRepository(running.tenant.table).get(running.tenant.tenantId, user.id))?.federatedId).toBeUndefined();
  });

  it('not for an email the IdP did not verify, unless the tenant’s admins trust its emails; a verified one links', async () => {
    const invited = await call(
      api(running.tenant, 'POST', '/users/invite', { email: people.newcomer.email, acceptInviteClientUrl: 'https://app.example.com/accept' }),
      SLOW_OK,
    );
    expect(invited.status, invited.text).toBe(201);
    const userId = invited.json.data.id as string;
    expect(await sso('unchecked')).toMatchObject({ status: 403, body: { code: 'signin.email_unverified' } });
    expect((await new UserRepository(running.tenant.table).get(running.tenant.tenantId, userId))?.federatedId).toBeUndefined();

    const trust = await call(api(running.tenant, 'PUT', '/provisioning', { mode: 'invite-only', trustIdpEmails: true }));
    expect(trust.status, trust.text).toBe(200);
    expect(trust.json).toMatchObject({ trustIdpEmails: true });
    const linked = await sso('unchecked');
    expect(linked.status, JSON.stringify(linked.body)).toBe(200);
    expect(linked.body.user?.id).toBe(userId);

    // Trust off again: a person whose IdP verified the email still links, as before.
    expect((await call(api(running.tenant, 'PUT', '/provisioning', { mode: 'invite-only', trustIdpEmails: false }))).status).toBe(200);
    const late = await call(
      api(running.tenant, 'POST', '/users/invite', { email: people.late.email, acceptInviteClientUrl: 'https://app.example.com/accept' }),
      SLOW_OK,
    );
    expect(late.status).toBe(201);
    const lateLinked = await sso('late');
    expect(lateLinked.status, JSON.stringify(lateLinked.body)).toBe(200);
    expect(lateLinked.body.user?.id).toBe(late.json.data.id);
    // The identity now bound to the newcomer is not moved by another IdP person with the same email.
    expect(await sso('newcomer')).toMatchObject({ status: 403, body: { code: 'signin.identity_conflict' } });
  });
});

describe('a token straight from the IdP names only its own subject, whatever other claims it carries', { timeout: 120_000 }, () => {
  const domain = `claims-${randomUUID().slice(0, 8)}.example`;
  const adminEmail = `admin@${domain}`;
  const victim = { sub: `victim-${randomUUID()}`, email: `victim@${domain}`, name: 'Victim' };
  // Two people of an IdP whose admins map an attribute a person can edit to a claim of any name.
  const people = {
    victim,
    impostor: {
      sub: `impostor-${randomUUID()}`,
      email: `impostor@${domain}`,
      name: 'Impostor',
      otherClaims: { identities: [{ providerName: 'DemoIdP', userId: victim.sub, primary: true }] },
    },
    poser: { sub: `poser-${randomUUID()}`, email: `poser@${domain}`, name: 'Poser', otherClaims: { 'cognito:username': adminEmail } },
    // The victim's subject with a space before it: another subject to the IdP and to the API.
    padded: { sub: ` ${victim.sub}`, email: `padded@${domain}`, name: 'Padded' },
  };

  const { running, sso } = directIdpTenant('clm', people, [{ email: adminEmail, cognitoUsername: adminEmail }]);

  it('a subject is taken exactly as issued: one padded with a space is not the subject it pads, first or later', async () => {
    const padded = await call(
      api(running.tenant, 'POST', '/users/invite', { email: people.padded.email, acceptInviteClientUrl: 'https://app.example.com/accept' }),
      SLOW_OK,
    );
    expect(padded.status, padded.text).toBe(201);
    // Signing in before the victim ever has (the next test signs them in), the padded subject binds its own identity, not the victim's.
    const first = await sso('padded');
    expect(first.status, JSON.stringify(first.body)).toBe(200);
    const bound = (await new UserRepository(running.tenant.table).get(running.tenant.tenantId, padded.json.data.id as string))?.federatedId;
    expect(bound).toBe(federatedIdOf('DemoIdP', people.padded.sub));
    expect(bound).not.toBe(federatedIdOf('DemoIdP', victim.sub));
  });

  it('an `identities` claim naming another person’s subject signs in as its own subject, not as that person', async () => {
    const invited = await call(
      api(running.tenant, 'POST', '/users/invite', { email: victim.email, acceptInviteClientUrl: 'https://app.example.com/accept' }),
      SLOW_OK,
    );
    expect(invited.status, invited.text).toBe(201);
    const victimId = invited.json.data.id as string;
    const own = await sso('victim');
    expect(own.status, JSON.stringify(own.body)).toBe(200);
    expect(own.body.user?.id).toBe(victimId);

    const out = await sso('impostor');
    expect(out.body.user?.id).not.toBe(victimId);
    expect(out).toMatchObject({ status: 403, body: { code: 'signin.not_provisioned' } });
  });

  it('a `cognito:username` claim is not a password sign-in of that pool account', async () => {
    const out = await sso('poser');
    expect(out.body.user?.id).not.toBe(running.tenant.adminUserId);
    expect(out).toMatchObject({ status: 403, body: { code: 'signin.not_provisioned' } });
    expect((await new UserRepository(running.tenant.table).get(running.tenant.tenantId, running.tenant.adminUserId))?.lastAccessedAt).toBeUndefined();
  });
});
