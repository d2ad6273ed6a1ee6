/**
 * Token handling: every bearer and action token is verified by a constant-time
 * comparison of digests; invite and reset tokens work once (even when two
 * redemptions race) and not after they expire; and forgot-password answers a
 * member the same whether or not the email exists.
 */
import type * as Crypto from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { ensureUserPools } from '../../infra/local/cognito-pools.js';
import type { MailRequest } from '../../shared/mail/outbox.js';
import { keys } from '../../shared/storage/keys.js';
import { issuePersonalAccessToken } from '../../shared/tokens/personal-access-tokens.js';
import { hashSecret, sameDigest } from '../../shared/tokens/secret-token.js';
import { deriveActionToken } from '../../shared/tokens/action-token.js';
import { startTestCognito, type TestCognito } from '../support/emulators.js';
import { rememberSecret } from '../support/secret-ledger.js';
import { createTestTenant, type TestTenant } from '../support/tenants.js';
import { figures } from '../reliability/figures.js';
import { call, type ApiRequest } from './in-process-api.js';

/** Generous: DynamoDB Local on a shared CI machine, not the service, sets the pace. */
const TEST_TIMEOUT_MS = 60_000;

const compared = vi.hoisted(() => ({ calls: [] as Array<[Buffer, Buffer]> }));
vi.mock('node:crypto', async (importOriginal) => {
  const real = await importOriginal<typeof Crypto>();
  const timingSafeEqual = (a: NodeJS.ArrayBufferView, b: NodeJS.ArrayBufferView) => {
    compared.calls.push([Buffer.from(a.buffer, a.byteOffset, a.byteLength), Buffer.from(b.buffer, b.byteOffset, b.byteLength)]);
    return real.timingSafeEqual(a, b);
  };
  return { ...real, default: { ...real, timingSafeEqual }, timingSafeEqual };
});

const PREFIX = 'sect';
const SLOW_OK = { timeoutSeconds: 60 };
let tenant: TestTenant;
let cognito: TestCognito;

beforeAll(async () => {
  cognito = await startTestCognito({ triggers: [] });
  const pool = (await ensureUserPools(cognito.url, [PREFIX]))[PREFIX]!;
  tenant = await createTestTenant({
    prefix: PREFIX,
    mode: 'invite-only',
    userPoolId: pool.userPoolId,
    appClientId: pool.appClientId,
    jwtIssuer: pool.jwtIssuer,
  });
  rememberSecret(tenant.adminToken);
});
afterAll(async () => {
  await cognito?.stop();
  figures.flush('tokens');
});

const admin = (method: string, path: string, body?: unknown): ApiRequest => ({ method, url: `/api/svc/v1${path}`, token: tenant.adminToken, body });
const anonymous = (path: string, body: unknown): ApiRequest => ({ method: 'POST', url: `/api/svc/v1${path}`, body });
const tokenOf = (link: string) => new URL(link).searchParams.get('token')!;

async function invite(email: string): Promise<{ id: string; token: string }> {
  const res = await call(admin('POST', '/users/invite', { email, acceptInviteClientUrl: 'https://app.example.com/accept' }), SLOW_OK);
  expect(res.status, res.text).toBe(201);
  const token = tokenOf(res.json.link);
  rememberSecret(token);
  return { id: res.json.data.id, token };
}

/** The reset token of the latest reset mail to `email`, derived as the mailer derives it. */
async function resetTokenFor(email: string): Promise<{ token: string; recordId: string; userId: string }> {
  const res = await call(admin('GET', '/audit-logs?action=user.password_reset_requested&limit=1000'), SLOW_OK);
  const event = (res.json.data as Array<{ target: { id: string; slug: string }; details: { mailId: string } }>).find((e) => e.target.slug === email)!;
  const mail = (await tenant.table.get<MailRequest>(keys.outbox(event.details.mailId)))!;
  const token = deriveActionToken('reset', mail.data.recordId!, mail.data.nonce!).token;
  rememberSecret(token);
  return { token, recordId: mail.data.recordId!, userId: event.target.id };
}

describe('token comparison', () => {
  it(
    'compares the stored and presented digests with timingSafeEqual for PATs, SCIM tokens and invite tokens',
    async () => {
      const { token: pat } = await issuePersonalAccessToken(tenant.table, { tenantId: tenant.tenantId, userId: tenant.adminUserId, name: 'timing' });
      rememberSecret(pat);
      const scimTenant = await createTestTenant({ prefix: 'sects' });
      rememberSecret(scimTenant.adminToken, scimTenant.scimToken!);
      const { token: inviteToken } = await invite('timing@tokens.example');

      const checks: Record<string, string> = {};
      for (const [what, request, secret] of [
        ['PAT', { method: 'GET', url: '/api/svc/v1/users', token: pat }, pat],
        ['SCIM token', { method: 'GET', url: `/scim/v2/${scimTenant.tenantId}/Users?count=1`, token: scimTenant.scimToken }, scimTenant.scimToken!],
        ['invite token', anonymous('/users/accept-invite', { token: inviteToken, password: 'timing password 1' }), inviteToken],
      ] as Array<[string, ApiRequest, string]>) {
        compared.calls.length = 0;
        const res = await call(request, SLOW_OK);
        expect(res.status, `${what}: ${res.text}`).toBe(200);
        const digest = Buffer.from(hashSecret(secret), 'hex');
        expect(
          compared.calls.some(([a, b]) => a.equals(digest) && b.equals(digest)),
          what,
        ).toBe(true);
        checks[what] = `timingSafeEqual over 32-byte SHA-256 digests (${compared.calls.length} comparison(s))`;
      }
      figures.record('tokens', 'constant-time comparisons', checks);
    },
    TEST_TIMEOUT_MS,
  );

  it(
    'treats digests of different lengths or empty ones as different, without throwing',
    () => {
      const digest = hashSecret('x');
      expect(sameDigest(digest, digest)).toBe(true);
      expect(sameDigest(digest, digest.slice(0, 32))).toBe(false);
      expect(sameDigest('', '')).toBe(false);
      expect(sameDigest(digest, 'zz')).toBe(false);
    },
    TEST_TIMEOUT_MS,
  );
});

describe('invite tokens', () => {
  it(
    'work once: of two racing acceptances exactly one succeeds, and later ones are told it was used',
    async () => {
      const { id, token } = await invite('racing-invitee@tokens.example');
      rememberSecret('racing password 1', 'racing password 2');
      const answers = await Promise.all(
        ['racing password 1', 'racing password 2'].map((password) => call(anonymous('/users/accept-invite', { token, password }), SLOW_OK)),
      );
      // The loser finds the token claimed (409) or already spent (400), depending on when it arrives.
      expect(answers.map((a) => a.status).sort()[0]).toBe(200);
      expect([400, 409]).toContain(answers.map((a) => a.status).sort()[1]);
      const again = await call(anonymous('/users/accept-invite', { token, password: 'racing password 3' }), SLOW_OK);
      expect(again.status).toBe(400);
      expect(again.json).toMatchObject({ code: 'invite.token_used' });
      expect((await tenant.table.get<{ usedAt?: string }>(keys.invite(tenant.tenantId, id)))?.usedAt).toBeTruthy();
    },
    TEST_TIMEOUT_MS,
  );

  it(
    'expire: a token past its expiry is refused and the user stays invite-pending',
    async () => {
      const { id, token } = await invite('late-invitee@tokens.example');
      await tenant.table.update({
        Key: keys.invite(tenant.tenantId, id),
        UpdateExpression: 'SET expiresAt = :past',
        ExpressionAttributeValues: { ':past': '2020-01-01T00:00:00.000Z' },
      });
      const res = await call(anonymous('/users/accept-invite', { token, password: 'late password 1' }), SLOW_OK);
      expect(res.status).toBe(400);
      expect(res.json).toMatchObject({ code: 'invite.token_expired' });
      expect((await call(admin('GET', `/users/${id}`), SLOW_OK)).json.data.metadata.inviteAccepted).toBe(false);
    },
    TEST_TIMEOUT_MS,
  );

  it(
    'refuse tampering: a changed character, a token of another kind, a token of the right shape that was never issued',
    async () => {
      const { token } = await invite('tamper@tokens.example');
      const flipped = `${token.slice(0, 12)}${token[12] === 'A' ? 'B' : 'A'}${token.slice(13)}`;
      const otherKind = token.replace('prv_inv_', 'prv_rst_');
      for (const forged of [flipped, otherKind, 'prv_inv_' + 'A'.repeat(49), token.slice(0, -1)]) {
        const res = await call(anonymous('/users/accept-invite', { token: forged, password: 'tamper password 1' }), SLOW_OK);
        expect(res.status, forged).toBe(400);
        expect(res.json.code, forged).toBe('invite.invalid_token');
      }
    },
    TEST_TIMEOUT_MS,
  );
});

describe('password-reset tokens', () => {
  it(
    'work once: of two racing resets exactly one succeeds; the token is then used',
    async () => {
      const { token: inviteToken } = await invite('resetter@tokens.example');
      rememberSecret('first password 1', 'second password A', 'second password B', 'third password 1');
      expect((await call(anonymous('/users/accept-invite', { token: inviteToken, password: 'first password 1' }), SLOW_OK)).status).toBe(200);
      expect(
        (
          await call(
            admin('POST', '/x/users/forgot-password', { email: 'resetter@tokens.example', resetPasswordClientUrl: 'https://app.example.com/reset' }),
            SLOW_OK,
          )
        ).status,
      ).toBe(200);
      const { token } = await resetTokenFor('resetter@tokens.example');
      const answers = await Promise.all(
        ['second password A', 'second password B'].map((newPassword) => call(anonymous('/users/reset-password', { token, newPassword }), SLOW_OK)),
      );
      const statuses = answers.map((a) => a.status).sort();
      expect(statuses[0], answers.map((a) => a.text).join(' | ')).toBe(200);
      expect([400, 409]).toContain(statuses[1]);
      const again = await call(anonymous('/users/reset-password', { token, newPassword: 'third password 1' }), SLOW_OK);
      expect(again.json).toMatchObject({ code: 'password_reset.token_used' });
    },
    TEST_TIMEOUT_MS,
  );

  it(
    'expire after their hour',
    async () => {
      expect(
        (
          await call(
            admin('POST', '/x/users/forgot-password', { email: 'resetter@tokens.example', resetPasswordClientUrl: 'https://app.example.com/reset' }),
            SLOW_OK,
          )
        ).status,
      ).toBe(200);
      const { token, recordId, userId } = await resetTokenFor('resetter@tokens.example');
      await tenant.table.update({
        Key: keys.passwordReset(tenant.tenantId, userId, recordId),
        UpdateExpression: 'SET expiresAt = :past',
        ExpressionAttributeValues: { ':past': new Date(Date.now() - 1000).toISOString() },
      });
      const res = await call(anonymous('/users/reset-password', { token, newPassword: 'expired password 1' }), SLOW_OK);
      expect(res.status).toBe(400);
      expect(res.json).toMatchObject({ code: 'password_reset.token_expired' });
    },
    TEST_TIMEOUT_MS,
  );
});

describe('forgot-password asked by a member', () => {
  it(
    'answers the same for another user, an unknown email, a deactivated user and an admin, and mails no one',
    async () => {
      const member = await invite('curious-member@tokens.example');
      const { token: memberPat } = await issuePersonalAccessToken(tenant.table, { tenantId: tenant.tenantId, userId: member.id, name: 'curious' });
      rememberSecret(memberPat);
      await invite('someone-else@tokens.example');
      await invite('deactivated-one@tokens.example');
      expect((await call(admin('PATCH', '/users/deactivate', { email: 'deactivated-one@tokens.example' }), SLOW_OK)).status).toBe(200);
      const before = (await call(admin('GET', '/audit-logs?action=user.password_reset_requested&limit=1000'), SLOW_OK)).json.data.length as number;

      const answers = await Promise.all(
        ['someone-else@tokens.example', 'nobody-at-all@tokens.example', 'deactivated-one@tokens.example', tenant.adminEmail].map(async (email) => {
          const res = await call(
            {
              method: 'POST',
              url: '/api/svc/v1/x/users/forgot-password',
              token: memberPat,
              body: { email, resetPasswordClientUrl: 'https://app.example.com/reset' },
            },
            SLOW_OK,
          );
          return { status: res.status, body: res.text };
        }),
      );
      expect(new Set(answers.map((a) => JSON.stringify(a))).size).toBe(1);
      expect(answers[0]!.status).toBe(200);
      const after = (await call(admin('GET', '/audit-logs?action=user.password_reset_requested&limit=1000'), SLOW_OK)).json.data.length as number;
      expect(after).toBe(before);
      figures.record('tokens', 'forgot-password as a member', { emailsTried: answers.length, distinctAnswers: 1, resetsRequested: after - before });
    },
    TEST_TIMEOUT_MS,
  );
});
