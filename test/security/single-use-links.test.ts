/**
 * A single-use link is spent before it acts. Five parallel redemptions of one
 * invite or reset token, each with its own password: exactly one answers 200,
 * and its password is the one that signs in through cognito-local (none of the
 * others does). A redemption that fails gives its claim back, a claim that its
 * request abandoned lapses, and a claim held by a live request answers 409.
 */
import { CognitoIdentityProviderClient, InitiateAuthCommand } from '@aws-sdk/client-cognito-identity-provider';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureUserPools } from '../../infra/local/cognito-pools.js';
import { LOCAL_CREDENTIALS, LOCAL_REGION } from '../../infra/local/local-env.js';
import type { MailRequest } from '../../shared/mail/outbox.js';
import { keys } from '../../shared/storage/keys.js';
import { deriveActionToken } from '../../shared/tokens/action-token.js';
import { startTestCognito, type TestCognito } from '../support/emulators.js';
import { rememberSecret } from '../support/secret-ledger.js';
import { createTestTenant, type TestTenant } from '../support/tenants.js';
import { call, type ApiRequest, type ApiResponse } from './in-process-api.js';

const SLOW_OK = { timeoutSeconds: 60 };
const PARALLEL = 5;
const CLIENT_URL = 'https://app.example.com/accept';

let cognito: TestCognito;
let client: CognitoIdentityProviderClient;
let tenant: TestTenant;
let appClientId: string;

beforeAll(async () => {
  cognito = await startTestCognito({ triggers: [] });
  client = new CognitoIdentityProviderClient({ endpoint: cognito.url, region: LOCAL_REGION, credentials: LOCAL_CREDENTIALS });
  const pool = (await ensureUserPools(cognito.url, ['sul']))['sul']!;
  appClientId = pool.appClientId;
  tenant = await createTestTenant({ prefix: 'sul', mode: 'invite-only', ...pool, linkOrigins: ['https://app.example.com'] });
  rememberSecret(tenant.adminToken);
}, 60_000);
afterAll(async () => {
  await cognito?.stop();
});

const admin = (method: string, path: string, body?: unknown): ApiRequest => ({ method, url: `/api/svc/v1${path}`, token: tenant.adminToken, body });
const anonymous = (path: string, body: unknown): ApiRequest => ({ method: 'POST', url: `/api/svc/v1${path}`, body });

async function invite(email: string): Promise<{ id: string; token: string }> {
  const res = await call(admin('POST', '/users/invite', { email, acceptInviteClientUrl: CLIENT_URL }), SLOW_OK);
  expect(res.status, res.text).toBe(201);
  const token = new URL(res.json.link).searchParams.get('token')!;
  rememberSecret(token);
  return { id: res.json.data.id, token };
}

/** The token of the latest reset mail to `email`, derived as the mailer derives it. */
async function resetToken(email: string): Promise<{ token: string; recordId: string; userId: string }> {
  const requested = await call(admin('POST', '/x/users/forgot-password', { email, resetPasswordClientUrl: 'https://app.example.com/reset' }), SLOW_OK);
  expect(requested.status, requested.text).toBe(200);
  const log = await call(admin('GET', '/audit-logs?action=user.password_reset_requested&limit=1000'), SLOW_OK);
  const event = (log.json.data as Array<{ target: { id: string; slug: string }; details: { mailId: string } }>).find((e) => e.target.slug === email)!;
  const mail = (await tenant.table.get<MailRequest>(keys.outbox(event.details.mailId)))!;
  const token = deriveActionToken('reset', mail.data.recordId!, mail.data.nonce!).token;
  rememberSecret(token);
  return { token, recordId: mail.data.recordId!, userId: event.target.id };
}

async function signsIn(email: string, password: string): Promise<boolean> {
  try {
    const out = await client.send(
      new InitiateAuthCommand({ ClientId: appClientId, AuthFlow: 'USER_PASSWORD_AUTH', AuthParameters: { USERNAME: email, PASSWORD: password } }),
    );
    return Boolean(out.AuthenticationResult?.IdToken);
  } catch {
    return false;
  }
}

const passwordsFor = (label: string) => Array.from({ length: PARALLEL }, (_, i) => `${label} racing password ${i}`);

/** Exactly one 200; every other answer says the token is used or being used; the winner's password alone signs in. */
async function expectOneWinner(email: string, passwords: string[], answers: ApiResponse[], kind: 'invite' | 'password_reset'): Promise<void> {
  const statuses = answers.map((a) => a.status);
  expect(
    statuses.filter((s) => s === 200),
    answers.map((a) => a.text).join(' | '),
  ).toHaveLength(1);
  for (const loser of answers.filter((a) => a.status !== 200)) {
    expect([`${kind}.token_used`, `${kind}.token_in_use`], loser.text).toContain(loser.json.code);
    expect(loser.status).toBe(loser.json.code.endsWith('in_use') ? 409 : 400);
  }
  const winner = passwords[statuses.indexOf(200)]!;
  const working = [];
  for (const password of passwords) if (await signsIn(email, password)) working.push(password);
  expect(working).toEqual([winner]);
}

describe('invite links', () => {
  it.each([1, 2, 3])(
    'five parallel acceptances (round %i): one succeeds, and its password is the one set',
    async (round) => {
      const email = `racer-${round}@single-use.example`;
      const { token } = await invite(email);
      const passwords = passwordsFor(`invite ${round}`);
      rememberSecret(...passwords);
      const answers = await Promise.all(passwords.map((password) => call(anonymous('/users/accept-invite', { token, password }), SLOW_OK)));
      await expectOneWinner(email, passwords, answers, 'invite');
    },
    120_000,
  );

  it('a deactivation ends the invite link: refused while deactivated and after reactivation; a resent invite works', async () => {
    const email = 'paused@single-use.example';
    const { token } = await invite(email);
    rememberSecret('paused password 1', 'paused password 2');
    expect((await call(admin('PATCH', '/users/deactivate', { email }), SLOW_OK)).status).toBe(200);
    const refused = await call(anonymous('/users/accept-invite', { token, password: 'paused password 1' }), SLOW_OK);
    expect(refused.status, refused.text).toBe(400);
    expect(refused.json.code).toBe('invite.invalid_token');
    expect((await call(admin('PATCH', '/users/activate', { email }), SLOW_OK)).status).toBe(200);
    // The deactivation ended the link: it says no more than any unusable link, before and after the reactivation.
    const stillRefused = await call(anonymous('/users/accept-invite', { token, password: 'paused password 1' }), SLOW_OK);
    expect(stillRefused.status, stillRefused.text).toBe(400);
    expect(stillRefused.json.code).toBe('invite.invalid_token');
    expect(await signsIn(email, 'paused password 1')).toBe(false);
    const resend = await call(admin('POST', '/users/invite', { email, acceptInviteClientUrl: CLIENT_URL }), SLOW_OK);
    expect(resend.status, resend.text).toBe(200);
    const resent = new URL(resend.json.link).searchParams.get('token')!;
    rememberSecret(resent);
    const accepted = await call(anonymous('/users/accept-invite', { token: resent, password: 'paused password 2' }), SLOW_OK);
    expect(accepted.status, accepted.text).toBe(200);
    expect(await signsIn(email, 'paused password 2')).toBe(true);
  }, 60_000);

  it('a live claim of another request is a 409 that changes nothing; a lapsed one is taken over', async () => {
    const email = 'claimed@single-use.example';
    const { id, token } = await invite(email);
    rememberSecret('claimed password 1', 'claimed password 2');
    const key = keys.invite(tenant.tenantId, id);
    const holdClaim = (until: number) =>
      tenant.table.update({
        Key: key,
        UpdateExpression: 'SET claimId = :other, claimedUntil = :until',
        ExpressionAttributeValues: { ':other': 'another-request', ':until': new Date(until).toISOString() },
      });
    await holdClaim(Date.now() + 60_000);
    const busy = await call(anonymous('/users/accept-invite', { token, password: 'claimed password 1' }), SLOW_OK);
    expect(busy.status, busy.text).toBe(409);
    expect(busy.json.code).toBe('invite.token_in_use');
    expect(await signsIn(email, 'claimed password 1')).toBe(false);
    expect((await call(admin('GET', `/users/${id}`), SLOW_OK)).json.data.metadata.inviteAccepted).toBe(false);

    await holdClaim(Date.now() - 1000);
    const taken = await call(anonymous('/users/accept-invite', { token, password: 'claimed password 2' }), SLOW_OK);
    expect(taken.status, taken.text).toBe(200);
    expect(await signsIn(email, 'claimed password 2')).toBe(true);
    const spent = await tenant.table.get<Record<string, unknown>>(key);
    expect(spent).toMatchObject({ usedAt: expect.any(String) });
    expect(spent?.claimedUntil).toBeUndefined();
  }, 60_000);
});

describe('password-reset links', () => {
  it.each([1, 2])(
    'five parallel resets (round %i): one succeeds, and its password is the one set',
    async (round) => {
      const email = `resetter-${round}@single-use.example`;
      const { token: inviteToken } = await invite(email);
      rememberSecret(`reset ${round} first password`);
      expect((await call(anonymous('/users/accept-invite', { token: inviteToken, password: `reset ${round} first password` }), SLOW_OK)).status).toBe(200);
      const { token } = await resetToken(email);
      const passwords = passwordsFor(`reset ${round}`);
      rememberSecret(...passwords);
      const answers = await Promise.all(passwords.map((newPassword) => call(anonymous('/users/reset-password', { token, newPassword }), SLOW_OK)));
      await expectOneWinner(email, passwords, answers, 'password_reset');
      expect(await signsIn(email, `reset ${round} first password`)).toBe(false);
    },
    120_000,
  );

  it('a password set through one link ends every other link mailed before it: a leaked older reset link is refused', async () => {
    const email = 'leaked@single-use.example';
    const { token: inviteToken } = await invite(email);
    rememberSecret('leaked password 0', 'victim password', 'attacker password');
    expect((await call(anonymous('/users/accept-invite', { token: inviteToken, password: 'leaked password 0' }), SLOW_OK)).status).toBe(200);
    const leaked = await resetToken(email);
    const own = await resetToken(email);
    expect((await call(anonymous('/users/reset-password', { token: own.token, newPassword: 'victim password' }), SLOW_OK)).status).toBe(200);
    const shown = await call(anonymous('/x/users/link-info', { kind: 'reset', token: leaked.token }), SLOW_OK);
    expect(shown.json.code).toBe('link.not_usable');
    const attack = await call(anonymous('/users/reset-password', { token: leaked.token, newPassword: 'attacker password' }), SLOW_OK);
    expect(attack.status, attack.text).toBe(400);
    expect(attack.json.code).toBe('password_reset.invalid_token');
    expect(await signsIn(email, 'attacker password')).toBe(false);
    expect(await signsIn(email, 'victim password')).toBe(true);
  }, 60_000);

  it('a deactivation ends the reset links mailed before it, for good: refused after reactivation', async () => {
    const email = 'suspended@single-use.example';
    const { token: inviteToken } = await invite(email);
    rememberSecret('suspended password 0', 'suspended password 1');
    expect((await call(anonymous('/users/accept-invite', { token: inviteToken, password: 'suspended password 0' }), SLOW_OK)).status).toBe(200);
    const { token } = await resetToken(email);
    expect((await call(admin('PATCH', '/users/deactivate', { email }), SLOW_OK)).status).toBe(200);
    expect((await call(admin('PATCH', '/users/activate', { email }), SLOW_OK)).status).toBe(200);
    const refused = await call(anonymous('/users/reset-password', { token, newPassword: 'suspended password 1' }), SLOW_OK);
    expect(refused.status, refused.text).toBe(400);
    expect(refused.json.code).toBe('password_reset.invalid_token');
    expect(await signsIn(email, 'suspended password 0')).toBe(true);
  }, 60_000);

  it('a reset record written before claims and generations existed is redeemed once', async () => {
    const email = 'old-shape@single-use.example';
    const { token: inviteToken } = await invite(email);
    rememberSecret('old shape password 0', 'old shape password 1', 'old shape password 2');
    expect((await call(anonymous('/users/accept-invite', { token: inviteToken, password: 'old shape password 0' }), SLOW_OK)).status).toBe(200);
    const { token, recordId, userId } = await resetToken(email);
    const recordKey = keys.passwordReset(tenant.tenantId, userId, recordId);
    // The shapes the previous version wrote: no generation on the record (claims were never in it until a
    // redemption) nor on the user.
    await tenant.table.update({ Key: recordKey, UpdateExpression: 'REMOVE generation' });
    await tenant.table.update({ Key: keys.user(tenant.tenantId, userId), UpdateExpression: 'REMOVE linkGeneration' });
    const record = (await tenant.table.get<Record<string, unknown>>(recordKey))!;
    expect(Object.keys(record).filter((k) => k.startsWith('claim') || k === 'generation')).toEqual([]);
    expect((await call(anonymous('/users/reset-password', { token, newPassword: 'old shape password 1' }), SLOW_OK)).status).toBe(200);
    const again = await call(anonymous('/users/reset-password', { token, newPassword: 'old shape password 2' }), SLOW_OK);
    expect(again.json.code).toBe('password_reset.token_used');
    expect(await signsIn(email, 'old shape password 1')).toBe(true);
  }, 60_000);
});
