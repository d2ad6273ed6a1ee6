/**
 * The admin users API over HTTP against the local stack (gateway, DynamoDB Local
 * with its stream, SES emulator, cognito-local): invites with their mail and
 * link, acceptance, deactivation, roles, the last-admin guard, guarded delete,
 * password flows, and the audit log.
 */
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';

// The shared machine runs every suite against one DynamoDB Local at once: waits for the stream and the emulators get room.
vi.setConfig({ testTimeout: 120_000, hookTimeout: 120_000 });
import { keys } from '../../shared/storage/keys.js';
import { pendingOutboxItems } from '../support/outbox.js';
import { checkDirectoryPassword } from '../../shared/identity/cognito-directory.js';
import { TeamRepository } from '../../shared/teams/team-repository.js';
import { MembershipRepository } from '../../shared/teams/membership-repository.js';
import { Transaction } from '../../shared/storage/transaction.js';
import { roleBindingItem } from '../../shared/collaborators/role-binding-repository.js';
import { UserRepository } from '../../shared/users/user-repository.js';
import { createMember, eventually, startUsersStack, type UsersStack } from './stack.js';
import { rememberSecret } from '../support/secret-ledger.js';

const API = '/api/svc/v1';
const CLIENT_URL = 'https://app.example.com/accept?lang=en';
let stack: UsersStack;
const issuedTokens: string[] = [];

beforeAll(async () => {
  stack = await startUsersStack('u4a');
});
afterAll(async () => {
  await stack?.stop();
});

const json = (method: string, body: unknown, token?: string): RequestInit & { token?: string } => ({
  method,
  token,
  headers: { 'content-type': 'application/json' },
  body: JSON.stringify(body),
});
const admin = () => stack.tenant.adminToken;
const tokenOf = (link: string) => new URL(link).searchParams.get('token')!;

async function mailTo(email: string, subjectIncludes: string) {
  return eventually(
    async () => (await stack.ses.mails()).find((m) => m.destination.to.includes(email) && m.subject.includes(subjectIncludes)),
    60_000,
    `mail to ${email}`,
  );
}

describe('invite and accept', () => {
  it('invites a user, mails a working link, and accepts it once', async () => {
    const email = 'Invitee.One@Example.com';
    const res = await stack.gateway.request(`${API}/users/invite`, json('POST', { email, acceptInviteClientUrl: CLIENT_URL }, admin()));
    expect(res.status).toBe(201);
    const body = (await res.json()) as { link: string; data: { id: string; email: string; roles: string[]; metadata: { inviteAccepted: boolean } } };
    expect(body.data).toMatchObject({ email, roles: ['tenant-member'], metadata: { inviteAccepted: false } });
    expect(body.link.startsWith('https://app.example.com/accept?lang=en&token=prv_inv_')).toBe(true);
    issuedTokens.push(tokenOf(body.link));

    const mail = await mailTo(email, 'invited');
    expect(mail.subject).toBe(`You are invited to Test tenant ${stack.tenant.tenantId}`);
    expect(mail.body.text).toContain(body.link);
    expect(mail.body.html).toContain(body.link.replaceAll('&', '&amp;'));

    // Cognito got the user through the identity-sync outbox, with no password and no Cognito mail.
    const cognitoUser = await eventually(() => stack.cognitoUser(email.toLowerCase()), 60_000, 'cognito user');
    expect(cognitoUser.UserStatus).toBe('FORCE_CHANGE_PASSWORD');

    const tooShort = await stack.gateway.request(`${API}/users/accept-invite`, json('POST', { token: tokenOf(body.link), password: 'short' }));
    expect(tooShort.status).toBe(400);
    expect(((await tooShort.json()) as { message: string }).message).toContain('at least 8 characters');

    const accepted = await stack.gateway.request(
      `${API}/users/accept-invite`,
      json('POST', { token: tokenOf(new URL(mail.body.text!.match(/https:\/\/\S+/)![0]).toString()), password: 'correct horse 1' }),
    );
    expect(accepted.status).toBe(200);
    expect(((await accepted.json()) as { data: { metadata: { inviteAccepted: boolean } } }).data.metadata.inviteAccepted).toBe(true);
    expect(await checkDirectoryPassword(stack.pool.userPoolId, stack.pool.appClientId, email.toLowerCase(), 'correct horse 1')).toBe(true);

    const again = await stack.gateway.request(`${API}/users/accept-invite`, json('POST', { token: tokenOf(body.link), password: 'another pass 2' }));
    expect(again.status).toBe(400);
    expect(await again.json()).toMatchObject({ code: 'invite.token_used' });
  });

  it('refuses forged and expired tokens with a 400 and changes nothing', async () => {
    const forged = await stack.gateway.request(`${API}/users/accept-invite`, json('POST', { token: 'prv_inv_notatoken', password: 'password123' }));
    expect(forged.status).toBe(400);
    expect(await forged.json()).toMatchObject({ code: 'invite.invalid_token' });

    const { id, link } = await createMember(stack, 'expiring@example.com');
    issuedTokens.push(tokenOf(link));
    const { table, tenantId } = stack.tenant;
    await table.update({
      Key: keys.invite(tenantId, id),
      UpdateExpression: 'SET expiresAt = :past',
      ExpressionAttributeValues: { ':past': '2020-01-01T00:00:00.000Z' },
    });
    const expired = await stack.gateway.request(`${API}/users/accept-invite`, json('POST', { token: tokenOf(link), password: 'password123' }));
    expect(expired.status).toBe(400);
    expect(await expired.json()).toMatchObject({ code: 'invite.token_expired' });
    const user = await new UserRepository(table).get(tenantId, id);
    expect(user?.inviteAccepted).toBe(false);
  });

  it('answers 409 for an existing email (any case) and 200 unchanged with skipIfUserExists', async () => {
    await createMember(stack, 'dup@example.com');
    const taken = stack.tenant.adminEmail.toUpperCase();
    const conflict = await stack.gateway.request(`${API}/users/invite`, json('POST', { email: taken, acceptInviteClientUrl: CLIENT_URL }, admin()));
    expect(conflict.status).toBe(409);
    expect(await conflict.json()).toMatchObject({ statusCode: 409, code: 'user.exists' });
    const skipped = await stack.gateway.request(`${API}/users/register`, json('POST', { email: 'dup@example.com', skipIfUserExists: true }, admin()));
    expect(skipped.status).toBe(200);
    expect(await skipped.json()).toMatchObject({ created: false, data: { email: 'dup@example.com' } });
  });

  it('resends a pending invite: a fresh link, and the old one stops working', async () => {
    const first = await createMember(stack, 'resend@example.com');
    const again = await stack.gateway.request(`${API}/users/invite`, json('POST', { email: 'resend@example.com', acceptInviteClientUrl: CLIENT_URL }, admin()));
    expect(again.status).toBe(200);
    const { link } = (await again.json()) as { link: string };
    issuedTokens.push(tokenOf(first.link), tokenOf(link));
    expect(link).not.toBe(first.link);
    const old = await stack.gateway.request(`${API}/users/accept-invite`, json('POST', { token: tokenOf(first.link), password: 'password123' }));
    expect(old.status).toBe(400);
    const fresh = await stack.gateway.request(`${API}/users/accept-invite`, json('POST', { token: tokenOf(link), password: 'password123' }));
    expect(fresh.status).toBe(200);
    const accepted = await stack.gateway.request(
      `${API}/users/invite`,
      json('POST', { email: 'resend@example.com', acceptInviteClientUrl: CLIENT_URL }, admin()),
    );
    expect(accepted.status).toBe(409);
  });

  it('names the field of bad input and writes nothing', async () => {
    const cases: Array<[unknown, string]> = [
      [{ email: 'not-an-email' }, 'email'],
      [{ email: 'a@example.com', color: 'red' }, ''],
      [{ email: 'a@example.com', sendInviteEmail: true }, 'acceptInviteClientURL'],
    ];
    for (const [body, field] of cases) {
      const res = await stack.gateway.request(`${API}/users/register`, json('POST', body, admin()));
      expect(res.status).toBe(400);
      const error = (await res.json()) as { code: string; details: Array<{ field: string; message: string }> };
      expect(error.code).toBe('request.invalid');
      if (field) expect(error.details.map((d) => d.field)).toContain(field);
      else expect(error.details[0]!.message).toMatch(/color/);
    }
    expect(await new UserRepository(stack.tenant.table).findByLoginEmail(stack.tenant.tenantId, 'a@example.com')).toBeUndefined();
  });

  it('dry-runs a registration without writing it', async () => {
    const res = await stack.gateway.request(`${API}/users/register`, json('POST', { email: 'dry@example.com', dryRun: true }, admin()));
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ created: false, dryRun: true, data: { email: 'dry@example.com' } });
    expect(await new UserRepository(stack.tenant.table).findByLoginEmail(stack.tenant.tenantId, 'dry@example.com')).toBeUndefined();
  });
});

describe('list and get', () => {
  it('pages users with an exact total and filters by email substring, case-insensitively', async () => {
    for (const n of [1, 2, 3]) await createMember(stack, `pager${n}@list.example`);
    const all = await stack.gateway.request(`${API}/users?limit=1000`, { token: admin() });
    const allBody = (await all.json()) as { data: Array<{ id: string }>; pagination: { total: number } };
    expect(allBody.pagination.total).toBe(allBody.data.length);

    const page = await stack.gateway.request(`${API}/users?limit=2&offset=1&query=LIST.EXAMPLE`, { token: admin() });
    const body = (await page.json()) as { data: Array<{ email: string }>; pagination: unknown };
    expect(body.pagination).toEqual({ total: 3, offset: 1, limit: 2 });
    expect(body.data).toHaveLength(2);

    const ids = allBody.data.map((u) => u.id);
    expect([...ids].sort()).toEqual(ids);

    const refusals: Record<string, string> = {
      'limit=0': 'limit: must be at least 1',
      'limit=1001': 'limit: must be at most 1000',
      'offset=-1': 'offset: must be 0 or more',
      'limit=abc': 'limit: must be an integer',
      'limit=1.5': 'limit: must be an integer',
      'showInvalidUsers=yes': 'showInvalidUsers: must be true or false',
    };
    for (const [bad, message] of Object.entries(refusals)) {
      const res = await stack.gateway.request(`${API}/users?${bad}`, { token: admin() });
      expect(res.status, bad).toBe(400);
      expect(((await res.json()) as { message: string }).message, bad).toBe(`Invalid query parameter: ${message}`);
    }
  });

  it('lets members read users but not manage them', async () => {
    const member = await createMember(stack, 'reader@example.com');
    const list = await stack.gateway.request(`${API}/users`, { token: member.token });
    expect(list.status).toBe(200);
    const get = await stack.gateway.request(`${API}/users/${member.id}`, { token: member.token });
    expect(get.status).toBe(200);
    const forbidden = await stack.gateway.request(`${API}/users/deactivate`, json('PATCH', { email: 'reader@example.com' }, member.token));
    expect(forbidden.status).toBe(403);
    const missing = await stack.gateway.request(`${API}/users/no-such-user`, { token: admin() });
    expect(missing.status).toBe(404);
  });
});

describe('deactivation', () => {
  it('refuses a deactivated user’s PAT on the very next request, hides them, disables Cognito; activation restores sign-in, not the PAT', async () => {
    const email = 'leaver@example.com';
    const member = await createMember(stack, email);
    expect((await stack.gateway.request(`${API}/users`, { token: member.token })).status).toBe(200);

    const off = await stack.gateway.request(`${API}/users/deactivate`, json('PATCH', { email: 'LEAVER@example.com' }, admin()));
    expect(off.status).toBe(200);
    expect(((await off.json()) as { data: { active: boolean } }).data.active).toBe(false);
    const refused = await stack.gateway.request(`${API}/users`, { token: member.token });
    expect(refused.status).toBe(401);
    expect(await refused.json()).toMatchObject({ code: 'auth.user_deactivated' });

    const visible = (await (await stack.gateway.request(`${API}/users?query=leaver`, { token: admin() })).json()) as { data: unknown[] };
    expect(visible.data).toHaveLength(0);
    const withInvalid = (await (await stack.gateway.request(`${API}/users?query=leaver&showInvalidUsers=true`, { token: admin() })).json()) as {
      data: Array<{ active: boolean }>;
    };
    expect(withInvalid.data).toMatchObject([{ active: false }]);
    await eventually(async () => (await stack.cognitoUser(email))?.Enabled === false, 60_000, 'cognito disable');

    const on = await stack.gateway.request(`${API}/users/activate`, json('PATCH', { email }, admin()));
    expect(on.status).toBe(200);
    // The deactivation revoked the PAT for good (test/security/token-lifetimes.test.ts).
    const stopped = await stack.gateway.request(`${API}/users`, { token: member.token });
    expect(stopped.status).toBe(401);
    expect(await stopped.json()).toMatchObject({ code: 'auth.invalid_token' });
    await eventually(async () => (await stack.cognitoUser(email))?.Enabled === true, 60_000, 'cognito enable');
  });

  it('answers 404 for an unknown email', async () => {
    const res = await stack.gateway.request(`${API}/users/deactivate`, json('PATCH', { email: 'nobody@example.com' }, admin()));
    expect(res.status).toBe(404);
    expect(await res.json()).toMatchObject({ code: 'user.not_found' });
  });
});

describe('roles and the last admin', () => {
  it('keeps one active admin: demote, deactivate and delete of the last are 409', async () => {
    const adminEmail = stack.tenant.adminEmail;
    const demote = await stack.gateway.request(`${API}/users/roles`, json('PATCH', { email: adminEmail, roles: ['tenant-member'] }, admin()));
    expect(demote.status).toBe(409);
    expect(await demote.json()).toMatchObject({ code: 'user.last_admin' });
    const deactivate = await stack.gateway.request(`${API}/users/deactivate`, json('PATCH', { email: adminEmail }, admin()));
    expect(deactivate.status).toBe(409);
    const del = await stack.gateway.request(`${API}/users/${stack.tenant.adminUserId}`, { method: 'DELETE', token: admin() });
    expect(del.status).toBe(409);

    const second = await createMember(stack, 'second-admin@example.com');
    const promote = await stack.gateway.request(`${API}/users/roles`, json('PATCH', { email: 'second-admin@example.com', roles: ['tenant-admin'] }, admin()));
    expect(promote.status).toBe(200);
    expect(((await promote.json()) as { data: { roles: string[] } }).data.roles).toEqual(['tenant-admin']);
    // Now the second admin may demote the first, and then not themselves.
    const demoteFirst = await stack.gateway.request(`${API}/users/roles`, json('PATCH', { email: adminEmail, roles: ['tenant-member'] }, second.token));
    expect(demoteFirst.status).toBe(200);
    const demoteSelf = await stack.gateway.request(
      `${API}/users/roles`,
      json('PATCH', { email: 'second-admin@example.com', roles: ['tenant-member'] }, second.token),
    );
    expect(demoteSelf.status).toBe(409);
    const restore = await stack.gateway.request(`${API}/users/roles`, json('PATCH', { email: adminEmail, roles: ['tenant-admin'] }, second.token));
    expect(restore.status).toBe(200);
  });

  it('requires exactly one known tenant role', async () => {
    for (const roles of [[], ['tenant-admin', 'tenant-member'], ['owner']]) {
      const res = await stack.gateway.request(`${API}/users/roles`, json('PATCH', { email: stack.tenant.adminEmail, roles }, admin()));
      expect(res.status, JSON.stringify(roles)).toBe(400);
      expect(((await res.json()) as { details: Array<{ field: string }> }).details[0]!.field).toMatch(/^roles/);
    }
  });
});

describe('guarded delete', () => {
  it('refuses while the user is in a team or holds a resource role, then force-deletes', async () => {
    const { table, tenantId } = stack.tenant;
    const member = await createMember(stack, 'busy@example.com');
    const now = new Date().toISOString();
    const team = {
      tenantId,
      id: `team-${member.id.slice(0, 8)}`,
      name: 'platform-eng',
      source: 'api' as const,
      memberCount: 0,
      createdAt: now,
      updatedAt: now,
      version: 1,
    };
    const tx = new Transaction(table);
    new TeamRepository(table).create(tx, team);
    tx.put(
      roleBindingItem({ tenantId, resourceType: 'workspace', resourceId: 'ws-1', subjectType: 'user', subjectId: member.id, role: 'editor', createdAt: now }),
    );
    await tx.commit();
    await new MembershipRepository(table).apply(team, { add: [{ userId: member.id }] });

    const refused = await stack.gateway.request(`${API}/users/${member.id}`, { method: 'DELETE', token: admin() });
    expect(refused.status).toBe(400);
    const body = (await refused.json()) as { code: string; message: string; details: unknown };
    expect(body.code).toBe('user.delete_blocked');
    expect(body.message).toContain('platform-eng');
    expect(body.message).toContain('editor on workspace ws-1');
    expect(body.details).toEqual([
      { subject: 'team:platform-eng', type: 'team', id: team.id, name: 'platform-eng', message: 'the user is a member of this team' },
      {
        subject: 'workspace:ws-1',
        type: 'resource-role',
        resourceType: 'workspace',
        resourceId: 'ws-1',
        role: 'editor',
        message: 'the user holds the role editor on this resource',
      },
    ]);
    expect(await new UserRepository(table).get(tenantId, member.id)).toBeDefined();

    const forced = await stack.gateway.request(`${API}/users/${member.id}?forceDelete=true`, { method: 'DELETE', token: admin() });
    expect(forced.status).toBe(200);
    expect(await new UserRepository(table).get(tenantId, member.id)).toBeUndefined();
    expect((await new TeamRepository(table).get(tenantId, team.id))?.memberCount).toBe(0);
    expect((await stack.gateway.request(`${API}/users`, { token: member.token })).status).toBe(401);
    expect(await table.get(keys.pat(tenantId, member.id, 'x'))).toBeUndefined();
    await eventually(async () => (await stack.cognitoUser('busy@example.com')) === undefined, 60_000, 'cognito delete');
  });
});

describe('passwords', () => {
  it('admin-initiated reset mails a single-use link that sets the password', async () => {
    const email = 'resetme@example.com';
    const { link } = await createMember(stack, email);
    issuedTokens.push(tokenOf(link));
    await stack.gateway.request(`${API}/users/accept-invite`, json('POST', { token: tokenOf(link), password: 'first password' }));

    const res = await stack.gateway.request(
      `${API}/x/users/forgot-password`,
      json('POST', { email, resetPasswordClientUrl: 'https://app.example.com/reset' }, admin()),
    );
    expect(res.status).toBe(200);
    const mail = await mailTo(email, 'Reset');
    const resetLink = mail.body.text!.match(/https:\/\/\S+/)![0];
    const token = tokenOf(resetLink);
    issuedTokens.push(token);
    expect(token.startsWith('prv_rst_')).toBe(true);

    const weak = await stack.gateway.request(`${API}/users/reset-password`, json('POST', { token, newPassword: '1234567' }));
    expect(weak.status).toBe(400);
    const done = await stack.gateway.request(`${API}/users/reset-password`, json('POST', { token, newPassword: 'second password' }));
    expect(done.status).toBe(200);
    expect(await checkDirectoryPassword(stack.pool.userPoolId, stack.pool.appClientId, email, 'second password')).toBe(true);
    const reuse = await stack.gateway.request(`${API}/users/reset-password`, json('POST', { token, newPassword: 'third password' }));
    expect(reuse.status).toBe(400);
    expect(await reuse.json()).toMatchObject({ code: 'password_reset.token_used' });
  });

  it('refuses a reset for an SSO user and reveals nothing to members', async () => {
    const { table, tenantId } = stack.tenant;
    const sso = await createMember(stack, 'sso-person@example.com');
    const users = new UserRepository(table);
    const before = (await users.get(tenantId, sso.id))!;
    const tx = new Transaction(table);
    users.update(tx, before, { ...before, inviteAccepted: true, hasPassword: false, ssoName: 'okta', source: 'scim' });
    await tx.commit();
    const res = await stack.gateway.request(
      `${API}/x/users/forgot-password`,
      json('POST', { email: 'sso-person@example.com', resetPasswordClientUrl: 'https://app.example.com/reset' }, admin()),
    );
    expect(res.status).toBe(400);
    expect(await res.json()).toMatchObject({ code: 'user.sso_only' });

    const member = await createMember(stack, 'curious@example.com');
    const answers = await Promise.all(
      ['sso-person@example.com', 'nobody-here@example.com'].map(async (email) => {
        const r = await stack.gateway.request(
          `${API}/x/users/forgot-password`,
          json('POST', { email, resetPasswordClientUrl: 'https://app.example.com/reset' }, member.token),
        );
        return [r.status, await r.json()];
      }),
    );
    expect(answers[0]).toEqual(answers[1]);
    expect(answers[0]![0]).toBe(200);
  });

  it('changes the caller’s own password after checking the old one, ending the reset links mailed before', async () => {
    const email = 'changer@example.com';
    const member = await createMember(stack, email);
    await stack.gateway.request(`${API}/users/accept-invite`, json('POST', { token: tokenOf(member.link), password: 'old password' }));
    // A reset link mailed before the change, and leaked: the change must end it.
    const requested = await stack.gateway.request(
      `${API}/x/users/forgot-password`,
      json('POST', { email, resetPasswordClientUrl: 'https://app.example.com/reset' }, member.token),
    );
    expect(requested.status).toBe(200);
    const leaked = tokenOf((await mailTo(email, 'Reset')).body.text!.match(/https:\/\/\S+/)![0]);
    issuedTokens.push(leaked);
    const wrong = await stack.gateway.request(
      `${API}/users/change-password`,
      json('POST', { loginId: email, oldPassword: 'not it at all', newPassword: 'new password' }, member.token),
    );
    expect(wrong.status).toBe(400);
    expect(await wrong.json()).toMatchObject({ code: 'user.old_password_incorrect' });
    const other = await stack.gateway.request(
      `${API}/users/change-password`,
      json('POST', { loginId: stack.tenant.adminEmail, oldPassword: 'old password', newPassword: 'new password' }, member.token),
    );
    expect(other.status).toBe(403);
    const ok = await stack.gateway.request(
      `${API}/users/change-password`,
      json('POST', { loginId: email, oldPassword: 'old password', newPassword: 'new password' }, member.token),
    );
    expect(ok.status).toBe(200);
    expect(await checkDirectoryPassword(stack.pool.userPoolId, stack.pool.appClientId, email, 'new password')).toBe(true);
    const attack = await stack.gateway.request(`${API}/users/reset-password`, json('POST', { token: leaked, newPassword: 'attacker password' }));
    expect(attack.status).toBe(400);
    expect(await attack.json()).toMatchObject({ code: 'password_reset.invalid_token' });
    expect(await checkDirectoryPassword(stack.pool.userPoolId, stack.pool.appClientId, email, 'new password')).toBe(true);
  });
});

describe('mail survives an SES outage', () => {
  it('delivers an invite mail sent while SES is down once it is back', async () => {
    // The mailer retries a failed mail before it tries any later one: a mail of an earlier test still
    // unsent when SES stops would hold this test's mail back until SES is up again.
    let unsent: string[] = [];
    await eventually(
      async () => {
        unsent = (await pendingOutboxItems(stack.tenant.table, stack.tenant.tenantId, 'mail')).map((m) => String(m.to));
        return unsent.length === 0;
      },
      60_000,
      'the mails of earlier tests to be sent',
    ).catch((error: Error) => {
      throw new Error(`${error.message}; still unsent to ${JSON.stringify(unsent)}`);
    });
    await stack.stopSes();
    const email = 'patient@example.com';
    const res = await stack.gateway.request(`${API}/users/invite`, json('POST', { email, acceptInviteClientUrl: CLIENT_URL }, admin()));
    expect(res.status).toBe(201);
    const { link } = (await res.json()) as { link: string };
    issuedTokens.push(tokenOf(link));
    // The mailer tried and failed: the outbox item is still pending with its failures counted.
    await eventually(
      async () => {
        const audit = await stack.gateway.request(`${API}/audit-logs?action=user.invited&subjectSlug=${encodeURIComponent(stack.tenant.adminEmail)}`, {
          token: admin(),
        });
        const events = ((await audit.json()) as { data: Array<{ target: { slug: string }; details: { mailId: string } }> }).data;
        const mailId = events.find((e) => e.target.slug === email)?.details.mailId;
        if (!mailId) return false;
        const item = await stack.tenant.table.get<{ status: string; attempts: number }>(keys.outbox(mailId));
        return item && item.status === 'pending' && item.attempts >= 1;
      },
      60_000,
      'a failed delivery attempt',
    );
    await stack.restartSes();
    const mail = await mailTo(email, 'invited');
    expect(mail.body.text).toContain(link);
  });
});

describe('audit log', () => {
  it('shows admins every lifecycle change with actor, action, target, time and request id; members only their own', async () => {
    const res = await stack.gateway.request(`${API}/audit-logs?limit=1000`, { token: admin() });
    expect(res.status).toBe(200);
    const body = (await res.json()) as {
      data: Array<{ action: string; actor: { id: string }; target: { id: string }; at: string; requestId?: string }>;
      pagination: { total: number };
    };
    const actions = new Set(body.data.map((e) => e.action));
    for (const action of [
      'user.invited',
      'user.invite_accepted',
      'user.deactivated',
      'user.activated',
      'user.role_changed',
      'user.deleted',
      'user.password_reset_requested',
      'user.password_reset',
      'user.password_changed',
    ]) {
      expect(actions, action).toContain(action);
    }
    const deactivated = body.data.find((e) => e.action === 'user.deactivated')!;
    expect(deactivated.actor.id).toBe(stack.tenant.adminUserId);
    expect(deactivated.requestId).toBeTruthy();
    expect(body.pagination.total).toBe(body.data.length);
    const times = body.data.map((e) => e.at);
    expect([...times].sort().reverse()).toEqual(times);

    const filtered = (await (await stack.gateway.request(`${API}/audit-logs?action=user.deleted`, { token: admin() })).json()) as {
      data: Array<{ action: string }>;
    };
    expect(filtered.data.length).toBeGreaterThan(0);
    expect(filtered.data.every((e) => e.action === 'user.deleted')).toBe(true);

    const member = await createMember(stack, 'auditee@example.com');
    const own = (await (await stack.gateway.request(`${API}/audit-logs?limit=1000`, { token: member.token })).json()) as {
      data: Array<{ actor: { id: string }; target: { id: string } }>;
    };
    expect(own.data.length).toBeGreaterThan(0);
    expect(own.data.every((e) => e.actor.id === member.id || e.target.id === member.id)).toBe(true);

    for (const bad of [
      'start=yesterday',
      'start=2026-02-01T00:00:00Z&end=2026-01-01T00:00:00Z',
      'start=2020-01-01T00:00:00Z&end=2026-01-01T00:00:00Z',
      'limit=5000',
    ]) {
      const r = await stack.gateway.request(`${API}/audit-logs?${bad}`, { token: admin() });
      expect(r.status, bad).toBe(400);
    }
  });
});

// The after-suite scan (test/setup/secret-scan.ts) proves none of these is stored in plaintext.
afterAll(() => rememberSecret(...issuedTokens));
