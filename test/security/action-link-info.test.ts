/**
 * The page behind an invite or reset link shows the organisation and the
 * address before anything is redeemed (`POST /x/users/link-info`). Whoever holds
 * the link sees it, and mail scanners fetch links before people do, so:
 * - showing never spends or claims the token: the link still works afterwards;
 * - every unusable link gets the very same answer, whatever the reason (forged,
 *   used, expired, replaced, a deactivated or deleted user, the wrong kind, another
 *   organisation's), so the route is no oracle for accounts or link states;
 * - a link naming an organisation other than its token's is refused.
 * Accepting an invite may give the person's name, only where none is known and
 * the tenant lets people set their own; a refused name changes nothing.
 */
import { CognitoIdentityProviderClient, InitiateAuthCommand } from '@aws-sdk/client-cognito-identity-provider';
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureUserPools } from '../../infra/local/cognito-pools.js';
import { LOCAL_CREDENTIALS, LOCAL_REGION } from '../../infra/local/local-env.js';
import { keys } from '../../shared/storage/keys.js';
import { deriveActionToken } from '../../shared/tokens/action-token.js';
import { startTestCognito, type TestCognito } from '../support/emulators.js';
import { rememberSecret } from '../support/secret-ledger.js';
import { createTestTenant, type TestTenant } from '../support/tenants.js';
import { call, type ApiResponse } from './in-process-api.js';

const SLOW_OK = { timeoutSeconds: 60 };
const CLIENT_URL = 'https://app.example.com/accept-invite';

let cognito: TestCognito;
let client: CognitoIdentityProviderClient;
/** Invite-only: people name themselves. */
let own: TestTenant;
/** SCIM: the IdP owns names. */
let scim: TestTenant;
const appClients: Record<string, string> = {};

beforeAll(async () => {
  cognito = await startTestCognito({ triggers: [] });
  client = new CognitoIdentityProviderClient({ endpoint: cognito.url, region: LOCAL_REGION, credentials: LOCAL_CREDENTIALS });
  const pools = await ensureUserPools(cognito.url, ['lio', 'lis']);
  own = await createTestTenant({ prefix: 'lio', mode: 'invite-only', displayName: 'Own Names Inc', ...pools['lio']! });
  scim = await createTestTenant({ prefix: 'lis', mode: 'scim', displayName: 'IdP Names Ltd', ...pools['lis']! });
  appClients[own.tenantId] = pools['lio']!.appClientId;
  appClients[scim.tenantId] = pools['lis']!.appClientId;
  rememberSecret(own.adminToken, scim.adminToken, scim.scimToken!);
}, 60_000);
afterAll(async () => {
  await cognito?.stop();
});

const admin = (tenant: TestTenant, method: string, path: string, body?: unknown) =>
  call({ method, url: `/api/svc/v1${path}`, token: tenant.adminToken, body }, SLOW_OK);
const anonymous = (path: string, body: unknown) => call({ method: 'POST', url: `/api/svc/v1${path}`, body }, SLOW_OK);
const linkInfo = (body: { kind: 'invite' | 'reset'; token: string; tenantId?: string }) => anonymous('/x/users/link-info', body);

async function invite(tenant: TestTenant, email: string, extra: Record<string, unknown> = {}): Promise<{ id: string; token: string }> {
  const res = await admin(tenant, 'POST', '/users/invite', { email, acceptInviteClientUrl: CLIENT_URL, ...extra });
  expect(res.status, res.text).toBe(201);
  const token = new URL(res.json.link).searchParams.get('token')!;
  rememberSecret(token);
  return { id: res.json.data.id, token };
}

/** The token of the user's pending reset, derived from its stored record as the mailer derives it. */
async function resetTokenOf(tenant: TestTenant, userId: string): Promise<{ token: string; recordId: string }> {
  const records = await tenant.table.queryAll<{ id: string; nonce: string; createdAt: string }>({
    KeyConditionExpression: 'PK = :pk AND begins_with(SK, :reset)',
    ExpressionAttributeValues: { ':pk': keys.userCollection(tenant.tenantId, userId), ':reset': keys.passwordResetPrefix },
  });
  const latest = records.sort((a, b) => a.createdAt.localeCompare(b.createdAt)).at(-1)!;
  const token = deriveActionToken('reset', latest.id, latest.nonce).token;
  rememberSecret(token);
  return { token, recordId: latest.id };
}

async function signsIn(tenant: TestTenant, email: string, password: string): Promise<boolean> {
  try {
    const out = await client.send(
      new InitiateAuthCommand({
        ClientId: appClients[tenant.tenantId],
        AuthFlow: 'USER_PASSWORD_AUTH',
        AuthParameters: { USERNAME: email, PASSWORD: password },
      }),
    );
    return Boolean(out.AuthenticationResult?.IdToken);
  } catch {
    return false;
  }
}

/** The invite record's claim and use, as stored. */
const inviteRecord = (tenant: TestTenant, userId: string) => tenant.table.get<Record<string, unknown>>(keys.invite(tenant.tenantId, userId));

const GENERIC = {
  statusCode: 400,
  code: 'link.not_usable',
  message: 'This link cannot be used: it may have expired, been used already or been replaced by a newer one. Ask for a new one.',
};

function expectGeneric(res: ApiResponse, why: string): void {
  expect({ status: res.status, body: res.json }, why).toEqual({ status: 400, body: GENERIC });
}

describe('showing a link', () => {
  it('names the organisation and the address, as often as asked, and leaves the token to be redeemed once', async () => {
    const email = 'shown@link-info.example';
    const { id, token } = await invite(own, email);
    const expected = { data: { kind: 'invite', organization: 'Own Names Inc', email, askName: true } };
    for (let i = 0; i < 3; i++) {
      const shown = await linkInfo({ kind: 'invite', token, tenantId: own.tenantId });
      expect(shown.status, shown.text).toBe(200);
      expect(shown.json).toEqual(expected);
      expect(shown.headers['cache-control']).toBe('no-store');
    }
    // Without the organisation in the link it is shown too: older mails carry only the token.
    expect((await linkInfo({ kind: 'invite', token })).json).toEqual(expected);
    const record = await inviteRecord(own, id);
    expect(record?.usedAt).toBeUndefined();
    expect(record?.claimId).toBeUndefined();

    rememberSecret('shown password 1');
    const accepted = await anonymous('/users/accept-invite', { token, password: 'shown password 1' });
    expect(accepted.status, accepted.text).toBe(200);
    expect(await signsIn(own, email, 'shown password 1')).toBe(true);
    expectGeneric(await linkInfo({ kind: 'invite', token }), 'after it was used');
  }, 60_000);

  it('shows a reset link (never asking a name) and leaves it to be redeemed', async () => {
    const email = 'resets@link-info.example';
    const { id, token: inviteToken } = await invite(own, email, { name: { givenName: 'Re', familyName: 'Setter' } });
    rememberSecret('resets password 1', 'resets password 2');
    expect((await anonymous('/users/accept-invite', { token: inviteToken, password: 'resets password 1' })).status).toBe(200);
    const asked = await admin(own, 'POST', '/x/users/forgot-password', { email, resetPasswordClientUrl: 'https://app.example.com/reset-password' });
    expect(asked.status, asked.text).toBe(200);
    const { token, recordId } = await resetTokenOf(own, id);
    for (let i = 0; i < 2; i++) {
      const shown = await linkInfo({ kind: 'reset', token, tenantId: own.tenantId });
      expect(shown.json, shown.text).toEqual({ data: { kind: 'reset', organization: 'Own Names Inc', email, askName: false } });
    }
    const record = await own.table.get<Record<string, unknown>>(keys.passwordReset(own.tenantId, id, recordId));
    expect(record?.usedAt).toBeUndefined();
    expect(record?.claimId).toBeUndefined();
    expect((await anonymous('/users/reset-password', { token, newPassword: 'resets password 2' })).status).toBe(200);
    expect(await signsIn(own, email, 'resets password 2')).toBe(true);
    expectGeneric(await linkInfo({ kind: 'reset', token }), 'a used reset link');
  }, 60_000);
});

describe('one answer for every link that cannot be used', () => {
  it('forged, malformed, used, expired, replaced, of a deactivated or deleted user, or of the wrong kind: the same 400', async () => {
    const answers: Array<[string, ApiResponse]> = [];
    const add = async (why: string, body: Parameters<typeof linkInfo>[0]) => answers.push([why, await linkInfo(body)]);

    await add('malformed', { kind: 'invite', token: 'not-a-token' });
    const forged = deriveActionToken('invite', randomUUID(), 'forged-nonce').token;
    rememberSecret(forged);
    await add('well-formed but unknown', { kind: 'invite', token: forged });

    const used = await invite(own, 'used@link-info.example');
    rememberSecret('used password 1');
    expect((await anonymous('/users/accept-invite', { token: used.token, password: 'used password 1' })).status).toBe(200);
    await add('used', { kind: 'invite', token: used.token });

    const expired = await invite(own, 'expired@link-info.example');
    const past = new Date(Date.now() - 60_000).toISOString();
    await own.table.update({
      Key: keys.invite(own.tenantId, expired.id),
      UpdateExpression: 'SET expiresAt = :past',
      ExpressionAttributeValues: { ':past': past },
    });
    await add('expired', { kind: 'invite', token: expired.token });

    const replaced = await invite(own, 'replaced@link-info.example');
    const resent = await admin(own, 'POST', '/users/invite', { email: 'replaced@link-info.example', acceptInviteClientUrl: CLIENT_URL });
    expect(resent.status, resent.text).toBe(200);
    rememberSecret(new URL(resent.json.link).searchParams.get('token')!);
    await add('replaced by a newer invite', { kind: 'invite', token: replaced.token });

    const paused = await invite(own, 'paused@link-info.example');
    expect((await admin(own, 'PATCH', '/users/deactivate', { email: 'paused@link-info.example' })).status).toBe(200);
    await add('of a deactivated user', { kind: 'invite', token: paused.token });

    const gone = await invite(own, 'gone@link-info.example');
    expect((await admin(own, 'DELETE', `/users/${gone.id}`)).status).toBe(200);
    await add('of a deleted user', { kind: 'invite', token: gone.token });

    const live = await invite(own, 'live@link-info.example');
    await add('an invite token shown as a reset link', { kind: 'reset', token: live.token });
    await add('an invite token named with another organisation', { kind: 'invite', token: live.token, tenantId: scim.tenantId });
    await add('an invite token named with an organisation that does not exist', { kind: 'invite', token: live.token, tenantId: 'no-such-org' });

    for (const [why, res] of answers) expectGeneric(res, why);
    // The live token was only looked at: it still shows, and still works.
    expect((await linkInfo({ kind: 'invite', token: live.token, tenantId: own.tenantId })).status).toBe(200);
    expect((await inviteRecord(own, live.id))?.claimId).toBeUndefined();
  }, 120_000);

  it("refuses another organisation's token and shows it under its own", async () => {
    const theirs = await invite(scim, 'theirs@link-info.example');
    expectGeneric(await linkInfo({ kind: 'invite', token: theirs.token, tenantId: own.tenantId }), 'named with another organisation');
    const shown = await linkInfo({ kind: 'invite', token: theirs.token, tenantId: scim.tenantId });
    // In SCIM mode the IdP owns names: the page does not ask for one.
    expect(shown.json, shown.text).toEqual({ data: { kind: 'invite', organization: 'IdP Names Ltd', email: 'theirs@link-info.example', askName: false } });
  }, 60_000);
});

describe('a name given while accepting an invite', () => {
  it('is stored for a person without one, as their own name and nothing else', async () => {
    const email = 'named@link-info.example';
    const { id, token } = await invite(own, email);
    rememberSecret('named password 1');
    const accepted = await anonymous('/users/accept-invite', { token, password: 'named password 1', name: { givenName: ' Grace ', familyName: 'Hopper' } });
    expect(accepted.status, accepted.text).toBe(200);
    const user = (await admin(own, 'GET', `/users/${id}`)).json.data;
    expect(user).toMatchObject({ email, roles: ['tenant-member'], active: true, metadata: { displayName: 'Grace Hopper', inviteAccepted: true } });
    const stored = await own.table.get<Record<string, unknown>>(keys.user(own.tenantId, id));
    expect(stored?.name).toEqual({ givenName: 'Grace', familyName: 'Hopper' });
  }, 60_000);

  it('is refused with nothing changed where the IdP owns names, or a name is already known', async () => {
    const idp = await invite(scim, 'idp-named@link-info.example');
    rememberSecret('idp password 1', 'idp password 2');
    const refused = await anonymous('/users/accept-invite', { token: idp.token, password: 'idp password 1', name: { givenName: 'Mallory' } });
    expect(refused.status, refused.text).toBe(403);
    expect(refused.json.code).toBe('invite.name_owned_by_idp');
    expect(await signsIn(scim, 'idp-named@link-info.example', 'idp password 1')).toBe(false);
    expect((await admin(scim, 'GET', `/users/${idp.id}`)).json.data).toMatchObject({ metadata: { inviteAccepted: false } });
    expect((await admin(scim, 'GET', `/users/${idp.id}`)).json.data.metadata.displayName).toBeUndefined();
    expect((await anonymous('/users/accept-invite', { token: idp.token, password: 'idp password 2' })).status).toBe(200);

    const known = await invite(own, 'known@link-info.example', { name: { givenName: 'Ada', familyName: 'Lovelace' } });
    expect((await linkInfo({ kind: 'invite', token: known.token })).json.data.askName).toBe(false);
    rememberSecret('known password 1', 'known password 2');
    const renamed = await anonymous('/users/accept-invite', { token: known.token, password: 'known password 1', name: { givenName: 'Eve' } });
    expect(renamed.status, renamed.text).toBe(409);
    expect(renamed.json.code).toBe('invite.name_already_set');
    expect(await signsIn(own, 'known@link-info.example', 'known password 1')).toBe(false);
    expect((await anonymous('/users/accept-invite', { token: known.token, password: 'known password 2' })).status).toBe(200);
    expect((await admin(own, 'GET', `/users/${known.id}`)).json.data.metadata.displayName).toBe('Ada Lovelace');
  }, 60_000);

  it('refuses control characters, overlong parts, an empty name and anything besides the two parts, with nothing changed', async () => {
    const { id, token } = await invite(own, 'strict@link-info.example');
    rememberSecret('strict password 1');
    const bodies: Array<[string, Record<string, unknown>]> = [
      ['a line break', { name: { givenName: 'Eve\nAdmin' } }],
      ['a control character', { name: { familyName: 'Null\u0000' } }],
      ['a bidi override', { name: { givenName: 'evil\u202Etxt' } }],
      ['a part over 100 characters', { name: { givenName: 'x'.repeat(101) } }],
      ['only blanks', { name: { givenName: '   ', familyName: '' } }],
      ['another attribute in the name', { name: { givenName: 'Eve', formatted: 'Admin' } }],
      ['a role beside the name', { name: { givenName: 'Eve' }, role: 'tenant-admin' }],
      ['an email beside the name', { name: { givenName: 'Eve' }, email: 'eve@elsewhere.example' }],
    ];
    for (const [why, extra] of bodies) {
      const res = await anonymous('/users/accept-invite', { token, password: 'strict password 1', ...extra });
      expect(res.status, `${why}: ${res.text}`).toBe(400);
      expect(res.json.code, why).toBe('request.invalid');
    }
    expect(await signsIn(own, 'strict@link-info.example', 'strict password 1')).toBe(false);
    expect((await inviteRecord(own, id))?.usedAt).toBeUndefined();
    expect((await linkInfo({ kind: 'invite', token })).json.data).toMatchObject({ askName: true });
  }, 60_000);
});
