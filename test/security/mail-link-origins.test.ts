/**
 * Links in mail go only where the tenant said. With a tenant admin's PAT, an
 * attacker asks for invite and reset mails whose link points to a host of their
 * own; each such request is a 400 naming the allowed origins, and nothing is
 * created, mailed or audited. The allowed origins are the console's and the
 * tenant's `linkOrigins`, which its admins edit through the provisioning
 * settings and a deployment seeds from its tenant config.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TenantConfig } from '../../infra/tenant-config.js';
import { keys } from '../../shared/storage/keys.js';
import { ProvisioningSettingsResponse } from '../../shared/tenants/provisioning-schemas.js';
import { startTestSes, type TestSes } from '../support/emulators.js';
import { rememberSecret } from '../support/secret-ledger.js';
import { createTestTenant, type TestTenant } from '../support/tenants.js';
import { MAIL_OUTBOX } from '../../shared/mail/deliver-mail.js';
import { handleOutboxItem } from '../../shared/outbox/handle-item.js';
import { call, type ApiRequest } from './in-process-api.js';

const SLOW_OK = { timeoutSeconds: 60 };
const CONSOLE = 'https://login.globex.example';

let tenant: TestTenant;
let ses: TestSes;

beforeAll(async () => {
  ses = await startTestSes();
  tenant = await createTestTenant({
    prefix: 'mlo',
    mode: 'invite-only',
    consoleUrl: `${CONSOLE}/console`,
    linkOrigins: ['https://app.globex.example'],
  });
  rememberSecret(tenant.adminToken);
}, 60_000);
afterAll(async () => {
  await ses?.stop();
});

const admin = (method: string, path: string, body?: unknown): ApiRequest => ({ method, url: `/api/svc/v1${path}`, token: tenant.adminToken, body });

async function auditCount(action: string): Promise<number> {
  const res = await call(admin('GET', `/audit-logs?action=${action}&limit=1000`), SLOW_OK);
  expect(res.status, res.text).toBe(200);
  return res.json.data.length;
}

/** Client URLs an attacker would write: another host under ours, userinfo, another port or scheme, a homograph. */
const HOSTILE = [
  'https://login.globex.example.evil.example/reset',
  'http://console@evil.example/accept',
  `${CONSOLE}@evil.example/accept`,
  'https://evil.example/login.globex.example/accept',
  'https://evil.example?https://login.globex.example/',
  `${CONSOLE}:8443/accept`,
  'http://login.globex.example/accept',
  'https://user:pass@login.globex.example/accept',
  'https://lоgin.globex.example/accept',
];

describe('a client URL off the allowed origins', () => {
  it.each(HOSTILE)(
    'is refused by invite, register and forgot-password, with nothing written: %s',
    async (url) => {
      const email = `victim-${HOSTILE.indexOf(url)}@mlo.example`;
      const requested = await auditCount('user.password_reset_requested');
      const invited = await auditCount('user.invited');
      const answers = [
        await call(admin('POST', '/users/invite', { email, acceptInviteClientUrl: url }), SLOW_OK),
        await call(admin('POST', '/users/register', { email, sendInviteEmail: true, acceptInviteClientURL: url }), SLOW_OK),
        await call(admin('POST', '/x/users/forgot-password', { email: tenant.adminEmail, resetPasswordClientUrl: url }), SLOW_OK),
      ];
      for (const [i, res] of answers.entries()) {
        expect(res.status, `${i}: ${res.text}`).toBe(400);
        expect(res.json.code, res.text).toBe('link.origin_not_allowed');
        expect(res.json.message).toContain(`allowed origins: ${CONSOLE}, https://app.globex.example`);
      }
      expect((await call(admin('GET', `/users?query=${encodeURIComponent(email)}`), SLOW_OK)).json.data).toEqual([]);
      expect(await auditCount('user.password_reset_requested')).toBe(requested);
      expect(await auditCount('user.invited')).toBe(invited);
    },
    60_000,
  );

  it('names the field and the origin in the refusal', async () => {
    const res = await call(
      admin('POST', '/users/invite', { email: 'named@mlo.example', acceptInviteClientUrl: 'https://login.globex.example.evil.example/x' }),
      SLOW_OK,
    );
    expect(res.status).toBe(400);
    expect(res.json).toMatchObject({
      code: 'link.origin_not_allowed',
      message: `acceptInviteClientUrl points to https://login.globex.example.evil.example, which this tenant does not allow; allowed origins: ${CONSOLE}, https://app.globex.example`,
      details: [{ field: 'acceptInviteClientUrl', allowedOrigins: [CONSOLE, 'https://app.globex.example'] }],
    });
  }, 60_000);
});

describe('a client URL on an allowed origin', () => {
  it('is the URL as the parser reads it: a backslash is a path separator, so this one stays on the console', async () => {
    const res = await call(admin('POST', '/users/invite', { email: 'slash@mlo.example', acceptInviteClientUrl: `${CONSOLE}\\@evil.example/` }), SLOW_OK);
    expect(res.status, res.text).toBe(201);
    rememberSecret(new URL(res.json.link).searchParams.get('token')!);
    expect(res.json.link).toMatch(/^https:\/\/login\.globex\.example\/@evil\.example\/\?token=/);
  }, 60_000);

  it('is linked, in the response and in the mail the user receives', async () => {
    await ses.clear();
    const res = await call(
      admin('POST', '/users/invite', { email: 'welcome@mlo.example', acceptInviteClientUrl: 'https://LOGIN.globex.example:443/accept-invite?from=mail' }),
      SLOW_OK,
    );
    expect(res.status, res.text).toBe(201);
    const link = new URL(res.json.link);
    rememberSecret(link.searchParams.get('token')!);
    expect(`${link.origin}${link.pathname}`).toBe(`${CONSOLE}/accept-invite`);
    expect(link.searchParams.get('from')).toBe('mail');

    const log = await call(admin('GET', '/audit-logs?action=user.invited&limit=1000'), SLOW_OK);
    const event = (log.json.data as Array<{ target: { slug: string }; details: { mailId: string } }>).find((e) => e.target.slug === 'welcome@mlo.example')!;
    await handleOutboxItem(tenant.table, MAIL_OUTBOX, event.details.mailId);
    const mail = (await ses.mails()).find((m) => m.destination.to.includes('welcome@mlo.example'))!;
    const linked = [...`${mail.body.text ?? ''} ${mail.body.html ?? ''}`.matchAll(/https?:\/\/[^\s"'<>]+/g)].map((m) => new URL(m[0].replace(/&amp;/g, '&')));
    expect(linked.length).toBeGreaterThan(0);
    expect(new Set(linked.map((u) => u.origin))).toEqual(new Set([CONSOLE]));

    const other = await call(
      admin('POST', '/users/invite', { email: 'partner-app@mlo.example', acceptInviteClientUrl: 'https://app.globex.example/join' }),
      SLOW_OK,
    );
    expect(other.status, other.text).toBe(201);
    rememberSecret(new URL(other.json.link).searchParams.get('token')!);
  }, 60_000);
});

describe('the allow-list', () => {
  it('is edited by admins in the provisioning settings, normalised, and applies to the next request', async () => {
    const before = ProvisioningSettingsResponse.parse((await call(admin('GET', '/provisioning'), SLOW_OK)).json);
    expect(before.allowedLinkOrigins).toEqual([CONSOLE, 'https://app.globex.example']);
    const refused = await call(
      admin('POST', '/users/invite', { email: 'partner@mlo.example', acceptInviteClientUrl: 'https://partner.example/accept' }),
      SLOW_OK,
    );
    expect(refused.status).toBe(400);

    const put = await call(
      admin('PUT', '/provisioning', { mode: before.mode, linkOrigins: ['https://Partner.example:443/', 'https://bücher.example'] }),
      SLOW_OK,
    );
    expect(put.status, put.text).toBe(200);
    expect(put.json.linkOrigins).toEqual(['https://partner.example', 'https://xn--bcher-kva.example']);
    expect(put.json.allowedLinkOrigins).toEqual([CONSOLE, 'https://partner.example', 'https://xn--bcher-kva.example']);

    const accepted = await call(
      admin('POST', '/users/invite', { email: 'partner@mlo.example', acceptInviteClientUrl: 'https://partner.example/accept' }),
      SLOW_OK,
    );
    expect(accepted.status, accepted.text).toBe(201);
    rememberSecret(new URL(accepted.json.link).searchParams.get('token')!);
    const idn = await call(admin('POST', '/users/invite', { email: 'books@mlo.example', acceptInviteClientUrl: 'https://bücher.example/accept' }), SLOW_OK);
    expect(idn.status, idn.text).toBe(201);
    rememberSecret(new URL(idn.json.link).searchParams.get('token')!);
    // The origin that was replaced is no longer allowed.
    const dropped = await call(
      admin('POST', '/users/invite', { email: 'dropped@mlo.example', acceptInviteClientUrl: 'https://app.globex.example/join' }),
      SLOW_OK,
    );
    expect(dropped.status).toBe(400);
    const log = await call(admin('GET', '/audit-logs?action=provisioning.settings_changed&limit=10'), SLOW_OK);
    expect(log.json.data[0].changes.after.linkOrigins).toEqual(['https://partner.example', 'https://xn--bcher-kva.example']);
  }, 60_000);

  it.each([
    ['https://app.example.com/path'],
    ['https://user@app.example.com'],
    ['http://app.example.com'],
    ['ftp://app.example.com'],
    ['https://app.example.com?x=1'],
    ['not a url'],
  ])(
    'refuses %s as a configured origin, changing nothing',
    async (origin) => {
      const before = (await call(admin('GET', '/provisioning'), SLOW_OK)).json;
      const res = await call(admin('PUT', '/provisioning', { mode: before.mode, linkOrigins: [origin] }), SLOW_OK);
      expect(res.status, res.text).toBe(400);
      expect(res.text).toContain('link origin');
      expect((await call(admin('GET', '/provisioning'), SLOW_OK)).json.version).toBe(before.version);
    },
    60_000,
  );

  it('allows http only for loopback origins (local development)', async () => {
    const before = (await call(admin('GET', '/provisioning'), SLOW_OK)).json;
    const res = await call(admin('PUT', '/provisioning', { mode: before.mode, linkOrigins: ['http://127.0.0.1:3004', 'http://localhost:5173'] }), SLOW_OK);
    expect(res.status, res.text).toBe(200);
    expect(res.json.linkOrigins).toEqual(['http://127.0.0.1:3004', 'http://localhost:5173']);
  }, 60_000);

  it('is nothing but the console for a tenant stored before link origins existed, and nothing at all without a console', async () => {
    const old = await createTestTenant({ prefix: 'mlo-old', mode: 'invite-only', consoleUrl: 'https://console.initech.example/app', linkOrigins: [] });
    const none = await createTestTenant({ prefix: 'mlo-none', mode: 'invite-only', linkOrigins: [] });
    rememberSecret(old.adminToken, none.adminToken);
    const item = (await old.table.get<Record<string, unknown>>(keys.tenant(old.tenantId)))!;
    expect(item.linkOrigins).toBeUndefined();
    const as = (t: TestTenant, body: unknown) => call({ method: 'POST', url: '/api/svc/v1/users/invite', token: t.adminToken, body }, SLOW_OK);
    const ok = await as(old, { email: 'a@initech.example', acceptInviteClientUrl: 'https://console.initech.example/accept-invite' });
    expect(ok.status, ok.text).toBe(201);
    rememberSecret(new URL(ok.json.link).searchParams.get('token')!);
    expect((await as(old, { email: 'b@initech.example', acceptInviteClientUrl: 'https://app.example.com/accept' })).status).toBe(400);
    const refused = await as(none, { email: 'c@initech.example', acceptInviteClientUrl: 'https://app.example.com/accept' });
    expect(refused.status).toBe(400);
    expect(refused.json.message).toContain('this tenant allows no link origins');
  }, 60_000);

  it('is seeded from the CDK tenant config, which refuses what the API refuses', () => {
    const base = { id: 'globex', displayName: 'Globex', mode: 'invite-only', adminEmails: ['admin@globex.example'] };
    expect(TenantConfig.parse({ ...base, linkOrigins: ['https://App.Globex.example/'] }).linkOrigins).toEqual(['https://app.globex.example']);
    expect(TenantConfig.parse(base).linkOrigins).toEqual([]);
    for (const bad of ['https://x@app.globex.example', 'https://app.globex.example/accept', 'http://app.globex.example']) {
      expect(TenantConfig.safeParse({ ...base, linkOrigins: [bad] }).success, bad).toBe(false);
    }
  });
});
