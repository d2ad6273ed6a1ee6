/**
 * Resource role bindings over HTTP: grants to users and teams, permissions
 * inherited through teams (and `everyone`) with their origin, revocation all or
 * nothing, refusals of bad input with nothing changed, and the interplay with
 * the users API's guarded delete.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listBindingsOfSubject } from '../../shared/collaborators/role-binding-repository.js';
import { MembershipRepository } from '../../shared/teams/membership-repository.js';
import { startTestGateway, type TestGateway } from '../support/gateway.js';
import { createTestTenant, type TestTenant } from '../support/tenants.js';
import { API, auditEvents, bodyOf, createPerson, json, type Person } from '../teams/support.js';

let gateway: TestGateway;
let tenant: TestTenant;
let bob: Person;
let carol: Person;
let dave: Person;
let platformId: string;

const admin = () => tenant.adminToken;
const grant = (resourceId: string, collaborators: unknown, token = admin(), resourceType = 'workspace') =>
  gateway.request(`${API}/collaborators`, json('PUT', { resourceType, resourceId, collaborators }, token));
const revoke = (resourceId: string, collaborators: unknown, token = admin(), resourceType = 'workspace') =>
  gateway.request(`${API}/collaborators`, json('DELETE', { resourceType, resourceId, collaborators }, token));
const list = (resourceId: string, token = admin(), resourceType = 'workspace') =>
  gateway.request(`${API}/collaborators?resourceType=${resourceType}&resourceId=${encodeURIComponent(resourceId)}`, { token });
const putTeam = (name: string, members: string[]) => gateway.request(`${API}/teams`, json('PUT', { manifest: { type: 'team', name, members } }, admin()));
const permissionsOf = async (person: Person, token = admin()) =>
  (await bodyOf(await gateway.request(`${API}/x/users/${person.user.id}/permissions`, { token }))).data;

beforeAll(async () => {
  tenant = await createTestTenant({ prefix: 'collab', mode: 'invite-only' });
  gateway = await startTestGateway();
  const person = (name: string) => createPerson(tenant.table, tenant.tenantId, { email: `${name}@${tenant.tenantId}.example` });
  [bob, carol, dave] = await Promise.all([person('bob'), person('carol'), person('dave')]);
  platformId = (await bodyOf(await putTeam('platform', [bob.email, carol.email]))).data.id;
});
afterAll(async () => {
  await gateway?.close();
});

describe('granting roles', () => {
  it('grants roles to a user and a team in one request, with an audit event', async () => {
    const res = await grant('ws-1', [
      { subject: `user:${bob.email.toUpperCase()}`, role: 'editor' },
      { subject: 'team:platform', role: 'viewer' },
    ]);
    expect(res.status).toBe(200);
    const body = await bodyOf(res);
    expect(body.data).toEqual([
      expect.objectContaining({ subject: `user:${bob.email}`, subjectType: 'user', subjectId: bob.user.id, role: 'editor' }),
      expect.objectContaining({ subject: 'team:platform', subjectType: 'team', subjectId: platformId, role: 'viewer' }),
    ]);
    const audit = (await auditEvents(tenant.table, tenant.tenantId)).filter((e) => e.action === 'role_binding.granted' && e.target.id === 'ws-1');
    expect(audit).toHaveLength(1);
    expect(audit[0]!.details?.grants).toHaveLength(2);
  });

  it('lists the collaborators for admins and for users holding a role, and refuses others (403)', async () => {
    const byAdmin = await bodyOf(await list('ws-1'));
    expect(byAdmin.data.map((c: { subject: string; role: string }) => [c.subject, c.role])).toEqual(
      expect.arrayContaining([
        [`user:${bob.email}`, 'editor'],
        ['team:platform', 'viewer'],
      ]),
    );
    expect(byAdmin.data).toHaveLength(2);
    expect((await list('ws-1', carol.token)).status).toBe(200); // through the team
    const stranger = await list('ws-1', dave.token);
    expect(stranger.status).toBe(403);
    expect(await bodyOf(stranger)).toMatchObject({ code: 'collaborator.no_access' });
  });

  it('pages the collaborators with a token and no empty last page', async () => {
    const first = await bodyOf(await gateway.request(`${API}/collaborators?resourceType=workspace&resourceId=ws-1&limit=1`, { token: admin() }));
    expect(first.data).toHaveLength(1);
    const token = first.pagination.nextPageToken as string;
    const second = await bodyOf(
      await gateway.request(`${API}/collaborators?resourceType=workspace&resourceId=ws-1&limit=1&pageToken=${encodeURIComponent(token)}`, { token: admin() }),
    );
    expect(second.data).toHaveLength(1);
    expect(second.pagination.nextPageToken).toBeUndefined();
    const foreign = await gateway.request(`${API}/collaborators?resourceType=workspace&resourceId=ws-2&pageToken=${encodeURIComponent(token)}`, {
      token: admin(),
    });
    expect(foreign.status).toBe(400);
  });

  it('replaces a subject’s role on a second grant, keeping when access began', async () => {
    const before = (await bodyOf(await list('ws-1'))).data.find((c: { subjectId: string }) => c.subjectId === bob.user.id);
    const res = await grant('ws-1', [{ subject: `user:${bob.email}`, role: 'admin' }]);
    expect((await bodyOf(res)).data[0]).toMatchObject({ role: 'admin', createdAt: before.createdAt });
    await grant('ws-1', [{ subject: `user:${bob.email}`, role: 'editor' }]);
  });

  it('refuses unknown users and teams in one 400 naming them, and grants nothing', async () => {
    const res = await grant('ws-unknown', [
      { subject: `user:${carol.email}`, role: 'viewer' },
      { subject: 'user:ghost@nowhere.example', role: 'viewer' },
      { subject: 'team:no-such-team', role: 'viewer' },
    ]);
    expect(res.status).toBe(400);
    const body = await bodyOf(res);
    expect(body).toMatchObject({
      code: 'collaborator.unknown_subjects',
      details: [
        { subject: 'user:ghost@nowhere.example', email: 'ghost@nowhere.example', message: 'no user of this tenant has this email' },
        { subject: 'team:no-such-team', name: 'no-such-team', message: 'no team of this tenant has this name' },
      ],
    });
    expect(body.message).toContain('ghost@nowhere.example');
    expect(body.message).toContain('no-such-team');
    expect((await bodyOf(await list('ws-unknown'))).data).toEqual([]);
  });

  const invalid: Array<[string, Record<string, unknown>]> = [
    ['an uppercase resource type', { resourceType: 'Workspace', resourceId: 'x', collaborators: [{ subject: 'team:everyone', role: 'viewer' }] }],
    ['a resource id with "#"', { resourceType: 'workspace', resourceId: 'a#b', collaborators: [{ subject: 'team:everyone', role: 'viewer' }] }],
    ['a resource id with a space', { resourceType: 'workspace', resourceId: 'a b', collaborators: [{ subject: 'team:everyone', role: 'viewer' }] }],
    [
      'a resource id of 257 characters',
      { resourceType: 'workspace', resourceId: 'x'.repeat(257), collaborators: [{ subject: 'team:everyone', role: 'viewer' }] },
    ],
    ['an unknown role', { resourceType: 'workspace', resourceId: 'x', collaborators: [{ subject: 'team:everyone', role: 'owner' }] }],
    ['a subject without a type', { resourceType: 'workspace', resourceId: 'x', collaborators: [{ subject: 'bob@example.com', role: 'viewer' }] }],
    ['a user subject that is not an email', { resourceType: 'workspace', resourceId: 'x', collaborators: [{ subject: 'user:bob', role: 'viewer' }] }],
    [
      'a duplicate subject',
      {
        resourceType: 'workspace',
        resourceId: 'x',
        collaborators: [
          { subject: 'team:everyone', role: 'viewer' },
          { subject: 'team:Everyone', role: 'admin' },
        ],
      },
    ],
    ['no collaborators', { resourceType: 'workspace', resourceId: 'x', collaborators: [] }],
    [
      '41 collaborators',
      {
        resourceType: 'workspace',
        resourceId: 'x',
        collaborators: Array.from({ length: 41 }, (_, i) => ({ subject: `user:u${i}@example.com`, role: 'viewer' })),
      },
    ],
    ['an extra field', { resourceType: 'workspace', resourceId: 'x', collaborators: [{ subject: 'team:everyone', role: 'viewer', expires: 1 }] }],
  ];
  it.each(invalid)('refuses %s with a 400', async (_label, body) => {
    const res = await gateway.request(`${API}/collaborators`, json('PUT', body, admin()));
    expect(res.status).toBe(400);
    expect(await bodyOf(res)).toMatchObject({ statusCode: 400, code: 'request.invalid' });
  });

  it('is for tenant admins only (403)', async () => {
    const res = await grant('ws-1', [{ subject: `user:${dave.email}`, role: 'admin' }], bob.token);
    expect(res.status).toBe(403);
  });
});

describe('effective permissions', () => {
  it('shows direct and inherited grants with their origin, and the strongest role per resource', async () => {
    const bobs = await permissionsOf(bob);
    expect(bobs.grants).toEqual(
      expect.arrayContaining([
        { resourceType: 'workspace', resourceId: 'ws-1', role: 'editor', origin: { type: 'direct' } },
        { resourceType: 'workspace', resourceId: 'ws-1', role: 'viewer', origin: { type: 'team', teamId: platformId, teamName: 'platform' } },
      ]),
    );
    expect(bobs.effective).toEqual([
      {
        resourceType: 'workspace',
        resourceId: 'ws-1',
        role: 'editor',
        origins: expect.arrayContaining([
          { type: 'direct', role: 'editor' },
          { type: 'team', teamId: platformId, teamName: 'platform', role: 'viewer' },
        ]),
      },
    ]);
    const carols = await permissionsOf(carol, carol.token);
    expect(carols.effective).toEqual([
      { resourceType: 'workspace', resourceId: 'ws-1', role: 'viewer', origins: [{ type: 'team', teamId: platformId, teamName: 'platform', role: 'viewer' }] },
    ]);
  });

  it('hides another user’s permissions from members (404)', async () => {
    expect((await gateway.request(`${API}/x/users/${bob.user.id}/permissions`, { token: dave.token })).status).toBe(404);
  });

  it('drops what a user inherited through a team as soon as they leave it', async () => {
    await putTeam('platform', [bob.email]);
    expect((await permissionsOf(carol)).grants).toEqual([]);
    expect((await list('ws-1', carol.token)).status).toBe(403);
    await putTeam('platform', [bob.email, carol.email]);
    expect((await permissionsOf(carol)).grants).toHaveLength(1);
  });

  it('gives every active user what `everyone` holds, and nothing to inactive users', async () => {
    await grant('cluster-1', [{ subject: 'team:everyone', role: 'viewer' }], admin(), 'cluster');
    const inactive = await createPerson(tenant.table, tenant.tenantId, { active: false });
    expect((await permissionsOf(dave)).grants).toEqual([
      { resourceType: 'cluster', resourceId: 'cluster-1', role: 'viewer', origin: { type: 'team', teamId: 'everyone', teamName: 'everyone' } },
    ]);
    expect((await permissionsOf(inactive)).grants).toEqual([]);
    const listed = await bodyOf(await list('cluster-1', dave.token, 'cluster'));
    expect(listed.data).toEqual([expect.objectContaining({ subject: 'team:everyone', subjectId: 'everyone', role: 'viewer' })]);
    await revoke('cluster-1', [{ subject: 'team:everyone' }], admin(), 'cluster');
  });
});

describe('revoking roles', () => {
  it('refuses, changing nothing, when one named subject holds no role there (404 naming it)', async () => {
    const res = await revoke('ws-1', [{ subject: `user:${bob.email}` }, { subject: `user:${dave.email}` }]);
    expect(res.status).toBe(404);
    const body = await bodyOf(res);
    expect(body).toMatchObject({ code: 'role_binding.not_found', details: [{ subject: `user:${dave.email}`, message: 'holds no role on workspace ws-1' }] });
    expect(body.details).toHaveLength(1);
    expect((await bodyOf(await list('ws-1'))).data).toHaveLength(2);
  });

  it('revokes the named subjects', async () => {
    await grant('ws-2', [
      { subject: `user:${dave.email}`, role: 'viewer' },
      { subject: 'team:platform', role: 'editor' },
    ]);
    const res = await revoke('ws-2', [{ subject: `user:${dave.email}` }, { subject: 'team:platform' }]);
    expect(res.status).toBe(200);
    expect(await bodyOf(res)).toEqual({
      data: {
        revoked: [
          { subject: `user:${dave.email}`, role: 'viewer' },
          { subject: 'team:platform', role: 'editor' },
        ],
      },
    });
    expect((await bodyOf(await list('ws-2'))).data).toEqual([]);
  });

  it('removes a team’s bindings when the team is deleted', async () => {
    const teamId = (await bodyOf(await putTeam('temporary', [dave.email]))).data.id;
    await grant('ws-3', [{ subject: 'team:temporary', role: 'admin' }]);
    expect((await permissionsOf(dave)).effective.map((p: { resourceId: string }) => p.resourceId)).toContain('ws-3');
    const res = await gateway.request(`${API}/teams/${teamId}`, { method: 'DELETE', token: admin() });
    expect(await bodyOf(res)).toMatchObject({ data: { removedMembers: 1, removedBindings: 1 } });
    expect(await listBindingsOfSubject(tenant.table, tenant.tenantId, 'team', teamId)).toEqual([]);
    expect((await bodyOf(await list('ws-3'))).data).toEqual([]);
  });
});

describe('the users API’s guarded delete', () => {
  it('is blocked by a team and by a role binding, and goes through once both are removed', async () => {
    const erin = await createPerson(tenant.table, tenant.tenantId, { email: `erin@${tenant.tenantId}.example` });
    await putTeam('platform', [bob.email, carol.email, erin.email]);
    await grant('secret-group-1', [{ subject: `user:${erin.email}`, role: 'viewer' }], admin(), 'secret-group');
    const resources = await bodyOf(await gateway.request(`${API}/x/users/${erin.user.id}/resources`, { token: erin.token }));
    expect(resources.data).toEqual([{ resourceType: 'secret-group', resourceId: 'secret-group-1', role: 'viewer', createdAt: expect.any(String) }]);

    const del = () => gateway.request(`${API}/users/${erin.user.id}`, { method: 'DELETE', token: admin() });
    const blocked = await del();
    expect(blocked.status).toBe(400);
    expect(await bodyOf(blocked)).toMatchObject({
      code: 'user.delete_blocked',
      details: [
        { subject: 'team:platform', type: 'team', id: platformId, name: 'platform', message: 'the user is a member of this team' },
        {
          subject: 'secret-group:secret-group-1',
          type: 'resource-role',
          resourceType: 'secret-group',
          resourceId: 'secret-group-1',
          role: 'viewer',
          message: 'the user holds the role viewer on this resource',
        },
      ],
    });

    await putTeam('platform', [bob.email, carol.email]);
    const stillBlocked = await bodyOf(await del());
    expect(stillBlocked).toMatchObject({ code: 'user.delete_blocked', details: [{ type: 'resource-role', resourceId: 'secret-group-1' }] });
    expect(stillBlocked.details).toHaveLength(1);

    await revoke('secret-group-1', [{ subject: `user:${erin.email}` }], admin(), 'secret-group');
    const deleted = await del();
    expect(deleted.status).toBe(200);
    expect(await new MembershipRepository(tenant.table).listTeamsOfUser(tenant.tenantId, erin.user.id)).toEqual([]);
    expect((await gateway.request(`${API}/teams/user`, { token: erin.token })).status).toBe(401);
  });
});
