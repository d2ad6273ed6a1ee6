/**
 * The teams API over HTTP against the local gateway and DynamoDB Local: manifest
 * create and update by name, membership and manager rights, refusals of bad
 * input with nothing changed, SCIM-managed teams, the implicit `everyone` team,
 * listing and deletion.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Transaction } from '../../shared/storage/transaction.js';
import { MembershipRepository } from '../../shared/teams/membership-repository.js';
import { TeamRepository } from '../../shared/teams/team-repository.js';
import type { Team } from '../../shared/teams/team.js';
import { UserRepository } from '../../shared/users/user-repository.js';
import { startTestGateway, type TestGateway } from '../support/gateway.js';
import { createTestTenant, type TestTenant } from '../support/tenants.js';
import { API, auditEvents, bodyOf, createPerson, json, type Person } from './support.js';

let gateway: TestGateway;
let tenant: TestTenant;
let alice: Person; // manager of "platform"
let bob: Person;
let carol: Person;
let dave: Person; // in no team

const admin = () => tenant.adminToken;
const put = (manifest: Record<string, unknown>, token = admin(), extra: Record<string, unknown> = {}) =>
  gateway.request(`${API}/teams`, json('PUT', { manifest: { type: 'team', ...manifest }, ...extra }, token));
const get = (path: string, token = admin()) => gateway.request(`${API}${path}`, { token });

beforeAll(async () => {
  tenant = await createTestTenant({ prefix: 'teams', mode: 'invite-only' });
  gateway = await startTestGateway();
  const person = (name: string) => createPerson(tenant.table, tenant.tenantId, { email: `${name}@${tenant.tenantId}.example` });
  [alice, bob, carol, dave] = await Promise.all([person('alice'), person('bob'), person('carol'), person('dave')]);
});
afterAll(async () => {
  await gateway?.close();
});

async function membersOf(teamId: string, token = admin()) {
  const body = await bodyOf(await get(`/teams/${teamId}/members?limit=1000`, token));
  return Object.fromEntries((body.data as Array<{ email: string; role: string }>).map((m) => [m.email, m.role]));
}

describe('PUT /teams creates and updates by name', () => {
  let teamId: string;

  it('creates a team with members and managers (201) and records the audit events', async () => {
    const res = await put({
      name: 'platform',
      displayName: 'Platform',
      description: 'Runs the platform',
      members: [bob.email, carol.email.toUpperCase()],
      managers: [alice.email],
    });
    expect(res.status).toBe(201);
    const body = await bodyOf(res);
    teamId = body.data.id;
    expect(body.data).toMatchObject({
      teamName: 'platform',
      displayName: 'Platform',
      description: 'Runs the platform',
      tenantName: tenant.tenantId,
      manifest: { type: 'team', name: 'platform', displayName: 'Platform' },
      isEditable: true,
      memberCount: 3,
      metadata: { createdByScim: false, implicit: false },
    });
    expect(body.changes).toEqual({ added: [alice.email, bob.email, carol.email].sort(), removed: [], roleChanged: [] });
    expect(await membersOf(teamId)).toEqual({ [alice.email]: 'manager', [bob.email]: 'member', [carol.email]: 'member' });
    const managers = await bodyOf(await get(`/teams/${teamId}/managers`));
    expect(managers.data.map((m: { email: string }) => m.email)).toEqual([alice.email]);

    const events = (await auditEvents(tenant.table, tenant.tenantId)).filter((e) => e.target.id === teamId);
    expect(events.map((e) => e.action).sort()).toEqual(['team.created', 'team.members_changed']);
    expect(events.find((e) => e.action === 'team.members_changed')?.details?.added).toHaveLength(3);
  });

  it('is idempotent: the same manifest again changes nothing (200, same version)', async () => {
    const before = await new TeamRepository(tenant.table).get(tenant.tenantId, teamId);
    const res = await put({
      name: 'platform',
      displayName: 'Platform',
      description: 'Runs the platform',
      members: [bob.email, carol.email],
      managers: [alice.email],
    });
    expect(res.status).toBe(200);
    const body = await bodyOf(res);
    expect(body.changes).toEqual({ added: [], removed: [], roleChanged: [] });
    expect(body.data.version).toBe(before!.version);
  });

  it('applies a changed manifest: adds, removes, changes roles and attributes', async () => {
    const res = await put({ name: 'platform', displayName: 'Platform team', members: [carol.email, dave.email], managers: [alice.email, bob.email] });
    expect(res.status).toBe(200);
    const body = await bodyOf(res);
    expect(body.changes).toEqual({ added: [dave.email], removed: [], roleChanged: [bob.email] });
    expect(body.data).toMatchObject({ displayName: 'Platform team', memberCount: 4 });
    expect(body.data.description).toBe('');
    expect(body.data.manifest.description).toBeUndefined();
    expect(await membersOf(teamId)).toEqual({ [alice.email]: 'manager', [bob.email]: 'manager', [carol.email]: 'member', [dave.email]: 'member' });

    const back = await bodyOf(await put({ name: 'platform', displayName: 'Platform', members: [bob.email, carol.email], managers: [alice.email] }));
    expect(back.changes).toEqual({ added: [], removed: [dave.email], roleChanged: [bob.email] });
    expect(back.data.memberCount).toBe(3);
  });

  it('keeps the current managers when the manifest has no managers list', async () => {
    const body = await bodyOf(await put({ name: 'platform', displayName: 'Platform', members: [bob.email, carol.email] }));
    expect(body.changes).toEqual({ added: [], removed: [], roleChanged: [] });
    expect((await membersOf(teamId))[alice.email]).toBe('manager');
  });

  it('refuses unknown emails with a 400 naming them, and changes nothing', async () => {
    const before = await new TeamRepository(tenant.table).get(tenant.tenantId, teamId);
    const res = await put({ name: 'platform', members: [bob.email, 'ghost@nowhere.example', 'Phantom@nowhere.example'], managers: [alice.email] });
    expect(res.status).toBe(400);
    const body = await bodyOf(res);
    expect(body).toMatchObject({
      statusCode: 400,
      code: 'user.unknown_emails',
      details: [
        { subject: 'user:ghost@nowhere.example', email: 'ghost@nowhere.example', message: 'no user of this tenant has this email' },
        { subject: 'user:phantom@nowhere.example', email: 'phantom@nowhere.example', message: 'no user of this tenant has this email' },
      ],
    });
    expect(body.message).toContain('ghost@nowhere.example');
    expect(await new TeamRepository(tenant.table).get(tenant.tenantId, teamId)).toEqual(before);
    expect(Object.keys(await membersOf(teamId)).sort()).toEqual([alice.email, bob.email, carol.email].sort());
  });

  it('refuses a new team naming an unknown email without creating it', async () => {
    const res = await put({ name: 'never-made', members: ['ghost@nowhere.example'] });
    expect(res.status).toBe(400);
    expect(await new TeamRepository(tenant.table).getByName(tenant.tenantId, 'never-made')).toBeUndefined();
  });

  it('matches names case-insensitively: another case updates the same team', async () => {
    const body = await bodyOf(await put({ name: 'PLATFORM', displayName: 'Platform!', members: [bob.email, carol.email] }));
    expect(body.data).toMatchObject({ id: teamId, teamName: 'platform', displayName: 'Platform!' });
    await put({ name: 'platform', displayName: 'Platform', members: [bob.email, carol.email] });
  });

  it('dryRun reports the changes without making them', async () => {
    const res = await put({ name: 'platform', members: [dave.email] }, admin(), { dryRun: true });
    expect(res.status).toBe(200);
    const body = await bodyOf(res);
    expect(body).toMatchObject({ dryRun: true, changes: { added: [dave.email], removed: [bob.email, carol.email].sort(), roleChanged: [] } });
    expect(Object.keys(await membersOf(teamId)).sort()).toEqual([alice.email, bob.email, carol.email].sort());
    const fresh = await put({ name: 'dry-only', members: [] }, admin(), { dryRun: true });
    expect(fresh.status).toBe(200);
    expect(await new TeamRepository(tenant.table).getByName(tenant.tenantId, 'dry-only')).toBeUndefined();
  });

  it('lets a manager change membership, and refuses plain members and strangers (403)', async () => {
    const byManager = await put({ name: 'platform', members: [bob.email, carol.email, dave.email] }, alice.token);
    expect(byManager.status).toBe(200);
    expect((await bodyOf(byManager)).changes.added).toEqual([dave.email]);

    const byMember = await put({ name: 'platform', members: [bob.email] }, carol.token);
    expect(byMember.status).toBe(403);
    expect(await bodyOf(byMember)).toMatchObject({ code: 'team.manager_required' });

    const created = await put({ name: 'members-cannot-create', members: [] }, carol.token);
    expect(created.status).toBe(403);
    expect(await bodyOf(created)).toMatchObject({ code: 'team.create_forbidden' });
    await put({ name: 'platform', members: [bob.email, carol.email] });
  });
});

describe('concurrent manifests', () => {
  it('two requests creating the same new team both succeed: one creates, the other updates', async () => {
    const [a, b] = await Promise.all([put({ name: 'racing', members: [bob.email] }), put({ name: 'racing', members: [carol.email] })]);
    expect([a.status, b.status].sort()).toEqual([200, 201]);
    const [bodyA, bodyB] = [await bodyOf(a), await bodyOf(b)];
    expect(bodyA.data.id).toBe(bodyB.data.id);
    const members = Object.keys(await membersOf(bodyA.data.id));
    expect([[bob.email], [carol.email]]).toContainEqual(members);
  });

  it('parallel manifests on one team leave exactly one of them applied, with an exact member count', async () => {
    const manifests = [[bob.email], [carol.email, dave.email], [alice.email, bob.email, carol.email], [dave.email], []];
    const results = await Promise.all(manifests.map((members) => put({ name: 'contended', members })));
    for (const res of results) expect([200, 201, 412]).toContain(res.status);
    expect(results.filter((r) => r.status === 201)).toHaveLength(1);
    const team = await new TeamRepository(tenant.table).getByName(tenant.tenantId, 'contended');
    const members = Object.keys(await membersOf(team!.id)).sort();
    expect(manifests.map((m) => [...m].sort())).toContainEqual(members);
    expect(team!.memberCount).toBe(members.length);
  });

  afterAll(async () => {
    // Which manifest won is random; the later tests must not see these teams.
    for (const name of ['racing', 'contended']) {
      const team = await new TeamRepository(tenant.table).getByName(tenant.tenantId, name);
      if (team) expect((await gateway.request(`${API}/teams/${team.id}`, { method: 'DELETE', token: admin() })).status).toBe(200);
    }
  });
});

describe('PUT /teams refuses bad input with a specific 400', () => {
  const cases: Array<[string, unknown]> = [
    ['a name longer than 36 characters', { manifest: { type: 'team', name: 'x'.repeat(37), members: [] } }],
    ['a name with a space', { manifest: { type: 'team', name: 'bad name', members: [] } }],
    ['a name with a dot', { manifest: { type: 'team', name: 'bad.name', members: [] } }],
    ['a wrong type', { manifest: { type: 'group', name: 'ok', members: [] } }],
    ['no members list', { manifest: { type: 'team', name: 'ok' } }],
    ['a member that is not an email', { manifest: { type: 'team', name: 'ok', members: ['not-an-email'] } }],
    ['an unsupported manifest field', { manifest: { type: 'team', name: 'ok', members: [], tags: { a: 'b' } } }],
    ['an unsupported top-level field', { manifest: { type: 'team', name: 'ok', members: [] }, force: true }],
    ['no manifest', {}],
    ['a non-object manifest', { manifest: 'team' }],
  ];
  it.each(cases)('refuses %s', async (_label, body) => {
    const res = await gateway.request(`${API}/teams`, json('PUT', body, admin()));
    expect(res.status).toBe(400);
    expect(await bodyOf(res)).toMatchObject({ statusCode: 400, code: 'request.invalid' });
  });

  it('accepts a name of exactly 36 characters of letters, digits, "-" and "_"', async () => {
    const name = `A_b-${'9'.repeat(32)}`;
    expect(name).toHaveLength(36);
    expect((await put({ name, members: [] })).status).toBe(201);
  });

  it('names the team rule in the message', async () => {
    const body = await bodyOf(await put({ name: 'bad name', members: [] }));
    expect(body.message).toContain('team names may contain only letters, digits, "-" and "_", and at most 36 characters');
  });

  it('refuses malformed JSON and a wrong media type', async () => {
    const malformed = await gateway.request(`${API}/teams`, {
      method: 'PUT',
      token: admin(),
      headers: { 'content-type': 'application/json' },
      body: '{"manifest":',
    });
    expect(malformed.status).toBe(400);
    const text = await gateway.request(`${API}/teams`, { method: 'PUT', token: admin(), headers: { 'content-type': 'text/plain' }, body: 'x' });
    expect(text.status).toBe(415);
  });
});

describe('SCIM-managed teams are read-only here', () => {
  let scimTeam: Team;

  beforeAll(async () => {
    const now = new Date().toISOString();
    scimTeam = {
      tenantId: tenant.tenantId,
      id: randomUUID(),
      name: 'idp-engineering',
      source: 'scim',
      externalId: 'ext-1',
      memberCount: 0,
      createdAt: now,
      updatedAt: now,
      version: 1,
    };
    const tx = new Transaction(tenant.table);
    new TeamRepository(tenant.table).create(tx, scimTeam);
    await tx.commit();
    await new MembershipRepository(tenant.table).apply(scimTeam, { add: [{ userId: bob.user.id }] });
  });

  it('refuses PUT with a 409 saying the IdP manages the team, and changes nothing', async () => {
    const res = await put({ name: 'idp-engineering', members: [carol.email] });
    expect(res.status).toBe(409);
    const body = await bodyOf(res);
    expect(body.code).toBe('team.scim_managed');
    expect(body.message).toMatch(/managed by your identity provider through SCIM/);
    expect(await membersOf(scimTeam.id)).toEqual({ [bob.email]: 'member' });
  });

  it('refuses DELETE with the same 409', async () => {
    const res = await gateway.request(`${API}/teams/${scimTeam.id}`, { method: 'DELETE', token: admin() });
    expect(res.status).toBe(409);
    expect(await bodyOf(res)).toMatchObject({ code: 'team.scim_managed' });
    expect(await new TeamRepository(tenant.table).get(tenant.tenantId, scimTeam.id)).toBeDefined();
  });

  it('shows it as not editable, and lists it under type=sso-team only', async () => {
    const one = await bodyOf(await get(`/teams/${scimTeam.id}`));
    expect(one.data).toMatchObject({ isEditable: false, metadata: { createdByScim: true } });
    const sso = await bodyOf(await get('/teams/user?type=sso-team'));
    expect(sso.data.map((t: { teamName: string }) => t.teamName)).toEqual(['idp-engineering']);
    const made = await bodyOf(await get('/teams/user?type=team&limit=1000'));
    expect(made.data.map((t: { teamName: string }) => t.teamName)).not.toContain('idp-engineering');
  });
});

describe('the everyone team', () => {
  let inactive: Person;

  beforeAll(async () => {
    inactive = await createPerson(tenant.table, tenant.tenantId, { active: false });
  });

  it('contains every active user and no inactive one', async () => {
    const { active } = await new UserRepository(tenant.table).counts(tenant.tenantId);
    const team = await bodyOf(await get('/teams/everyone', carol.token));
    expect(team.data).toMatchObject({
      id: 'everyone',
      teamName: 'everyone',
      isEditable: false,
      memberCount: active,
      metadata: { implicit: true, createdByScim: false },
    });
    const emails: string[] = [];
    let token: string | undefined;
    do {
      const page = await bodyOf(await get(`/teams/everyone/members?limit=2${token ? `&pageToken=${encodeURIComponent(token)}` : ''}`, carol.token));
      emails.push(...page.data.map((m: { email: string }) => m.email));
      token = page.pagination.nextPageToken;
    } while (token);
    expect(emails.sort()).toEqual([tenant.adminEmail, alice.email, bob.email, carol.email, dave.email].sort());
    expect(emails).not.toContain(inactive.email);
    expect(active).toBe(5);
  });

  it('has no managers', async () => {
    expect(await bodyOf(await get('/teams/everyone/managers'))).toEqual({ data: [], pagination: { limit: 100, offset: 0, total: 0 } });
  });

  it('cannot be created, edited or deleted (409)', async () => {
    for (const name of ['everyone', 'Everyone']) {
      const res = await put({ name, members: [bob.email] });
      expect(res.status).toBe(409);
      expect(await bodyOf(res)).toMatchObject({ code: 'team.everyone_immutable' });
    }
    const del = await gateway.request(`${API}/teams/everyone`, { method: 'DELETE', token: admin() });
    expect(del.status).toBe(409);
    expect((await bodyOf(del)).message).toContain('cannot be created, edited or deleted');
  });

  it('comes first in every caller’s team list', async () => {
    const list = await bodyOf(await get('/teams/user', dave.token));
    expect(list.data[0]).toMatchObject({ id: 'everyone', teamName: 'everyone' });
  });
});

describe('seeing teams', () => {
  it('lists all teams for admins with offset pagination and an exact total', async () => {
    const all = await bodyOf(await get('/teams/user?limit=1000'));
    const names = all.data.map((t: { teamName: string }) => t.teamName);
    expect(names[0]).toBe('everyone');
    expect(names).toEqual(expect.arrayContaining(['platform', 'idp-engineering']));
    expect(all.pagination).toEqual({ total: names.length, offset: 0, limit: 1000 });
    const second = await bodyOf(await get('/teams/user?limit=1&offset=1'));
    expect(second.data.map((t: { teamName: string }) => t.teamName)).toEqual([names[1]]);
    expect(second.pagination).toEqual({ total: names.length, offset: 1, limit: 1 });
  });

  it('lists only the teams a member belongs to', async () => {
    const list = await bodyOf(await get('/teams/user', carol.token));
    expect(list.data.map((t: { teamName: string }) => t.teamName)).toEqual(['everyone', 'platform']);
    expect(list.data[1].isEditable).toBe(false);
    const managerView = await bodyOf(await get('/teams/user', alice.token));
    expect(managerView.data[1]).toMatchObject({ teamName: 'platform', isEditable: true });
  });

  it('answers 404 for a team the caller is not in, as for one that does not exist', async () => {
    const platform = await new TeamRepository(tenant.table).getByName(tenant.tenantId, 'platform');
    expect((await get(`/teams/${platform!.id}`, dave.token)).status).toBe(404);
    expect((await get(`/teams/${platform!.id}/members`, dave.token)).status).toBe(404);
    const missing = await get(`/teams/${randomUUID()}`);
    expect(missing.status).toBe(404);
    expect(await bodyOf(missing)).toMatchObject({ code: 'team.not_found' });
  });

  it('lists a user’s teams for themselves and admins, and hides them from others', async () => {
    const own = await bodyOf(await get(`/x/users/${alice.user.id}/teams`, alice.token));
    expect(own.data.map((t: { teamName: string; role: string }) => [t.teamName, t.role])).toEqual([
      ['everyone', 'member'],
      ['platform', 'manager'],
    ]);
    expect((await get(`/x/users/${alice.user.id}/teams`)).status).toBe(200);
    expect((await get(`/x/users/${alice.user.id}/teams`, dave.token)).status).toBe(404);
  });

  it('refuses bad list parameters with a 400', async () => {
    for (const query of ['limit=0', 'limit=1001', 'offset=-1', 'type=group', 'limit=abc']) {
      const res = await get(`/teams/user?${query}`);
      expect(res.status, query).toBe(400);
    }
  });

  it('refuses forged, foreign and malformed page tokens with a 400', async () => {
    const platform = await new TeamRepository(tenant.table).getByName(tenant.tenantId, 'platform');
    const first = await bodyOf(await get(`/teams/${platform!.id}/members?limit=1`));
    const token: string = first.pagination.nextPageToken;
    expect(token).toBeTruthy();
    const scim = await new TeamRepository(tenant.table).getByName(tenant.tenantId, 'idp-engineering');
    for (const [path, bad] of [
      [`/teams/${scim!.id}/members`, token],
      [`/teams/${platform!.id}/managers`, token],
      [`/teams/${platform!.id}/members`, `${token}x`],
      [`/teams/${platform!.id}/members`, 'garbage'],
      [`/teams/${platform!.id}/members`, 'a.b.c'],
    ] as const) {
      const res = await get(`${path}?pageToken=${encodeURIComponent(bad)}`);
      expect(res.status, `${path} ${bad}`).toBe(400);
      expect(await bodyOf(res)).toMatchObject({ code: 'request.invalid_page_token' });
    }
    const deep = await get(`/teams/${platform!.id}/members?offset=10001`);
    expect(deep.status).toBe(400);
    expect(await bodyOf(deep)).toMatchObject({ code: 'request.invalid', details: [{ field: 'offset', message: 'at most 10000' }] });
    const both = await get(`/teams/${platform!.id}/members?offset=1&pageToken=${encodeURIComponent(token)}`);
    expect(both.status).toBe(400);
    expect(await bodyOf(both)).toMatchObject({ details: [{ field: 'offset', message: 'not allowed with pageToken' }] });
  });
});

describe('DELETE /teams/{id}', () => {
  it('is for tenant admins only', async () => {
    const platform = await new TeamRepository(tenant.table).getByName(tenant.tenantId, 'platform');
    const byManager = await gateway.request(`${API}/teams/${platform!.id}`, { method: 'DELETE', token: alice.token });
    expect(byManager.status).toBe(403);
    expect(await bodyOf(byManager)).toMatchObject({ code: 'team.delete_forbidden' });
    const byStranger = await gateway.request(`${API}/teams/${platform!.id}`, { method: 'DELETE', token: dave.token });
    expect(byStranger.status).toBe(404);
  });

  it('removes the team with its membership edges and name, which becomes free again', async () => {
    const created = await bodyOf(await put({ name: 'short-lived', members: [bob.email, carol.email] }));
    const teamId: string = created.data.id;
    const res = await gateway.request(`${API}/teams/${teamId}`, { method: 'DELETE', token: admin() });
    expect(res.status).toBe(200);
    expect(await bodyOf(res)).toEqual({ data: { id: teamId, teamName: 'short-lived', deleted: true, removedMembers: 2, removedBindings: 0 } });
    expect((await get(`/teams/${teamId}`)).status).toBe(404);
    const memberships = new MembershipRepository(tenant.table);
    expect((await memberships.listMembersPage(tenant.tenantId, teamId, 10)).members).toEqual([]);
    expect((await memberships.listTeamsOfUser(tenant.tenantId, bob.user.id)).map((m) => m.teamId)).not.toContain(teamId);
    expect((await gateway.request(`${API}/teams/${teamId}`, { method: 'DELETE', token: admin() })).status).toBe(404);
    expect((await put({ name: 'short-lived', members: [] })).status).toBe(201);
    const events = (await auditEvents(tenant.table, tenant.tenantId)).filter((e) => e.target.id === teamId);
    expect(events.map((e) => e.action)).toContain('team.deleted');
  });
});
