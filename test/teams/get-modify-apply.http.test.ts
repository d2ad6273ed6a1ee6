/**
 * TrueFoundry's SDK reads a team and applies its manifest back: the team view
 * carries the whole membership inline up to the manifest cap, so GET, change
 * the description, PUT changes that and nothing else. Above the cap (teams
 * stored before it was lowered) the view says the manifest is not whole, and
 * applying a manifest is refused rather than dropping people. Teams stored
 * before creators were recorded still answer every required field.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Transaction } from '../../shared/storage/transaction.js';
import { membershipItem } from '../../shared/teams/membership-repository.js';
import { TeamRepository, teamItem } from '../../shared/teams/team-repository.js';
import type { Team } from '../../shared/teams/team.js';
import { MAX_MANIFEST_EMAILS } from '../../shared/teams/team-manifest.js';
import { startTestGateway, type TestGateway } from '../support/gateway.js';
import { createTestTenant, type TestTenant } from '../support/tenants.js';
import { API, auditEvents, bodyOf, createPerson, json, type Person } from './support.js';

let gateway: TestGateway;
let tenant: TestTenant;
let people: Person[];

const admin = () => tenant.adminToken;
const put = (manifest: Record<string, unknown>, token = admin()) => gateway.request(`${API}/teams`, json('PUT', { manifest }, token));
const get = (path: string, token = admin()) => gateway.request(`${API}${path}`, { token });

beforeAll(async () => {
  tenant = await createTestTenant({ prefix: 'gma', mode: 'invite-only' });
  gateway = await startTestGateway();
  people = await Promise.all(
    ['ana', 'ben', 'cy', 'dee', 'eve'].map((n) => createPerson(tenant.table, tenant.tenantId, { email: `${n}@${tenant.tenantId}.example` })),
  );
});
afterAll(async () => {
  await gateway?.close();
});

/** A team written the way the previous version stored it: no creator, no description. */
async function storeOldTeam(name: string, memberIds: string[]): Promise<Team> {
  const now = new Date().toISOString();
  const team: Team = { tenantId: tenant.tenantId, id: randomUUID(), name, source: 'api', memberCount: 0, createdAt: now, updatedAt: now, version: 1 };
  const tx = new Transaction(tenant.table);
  new TeamRepository(tenant.table).create(tx, team);
  await tx.commit();
  const edges = memberIds.map((userId) => ({ put: membershipItem({ tenantId: tenant.tenantId, teamId: team.id, userId, role: 'member', addedAt: now }) }));
  const lanes = 8;
  const perLane = Math.ceil(edges.length / lanes);
  await Promise.all(Array.from({ length: lanes }, (_, l) => tenant.table.batchWrite(edges.slice(l * perLane, (l + 1) * perLane))));
  const stored = { ...team, memberCount: memberIds.length };
  await tenant.table.put({ Item: teamItem(stored) });
  return stored;
}

describe('get-modify-apply', () => {
  it('GET carries the members inline; PUT of that manifest with a new description changes only the description', async () => {
    const [ana, ben, cy] = people;
    const created = await put({
      type: 'team',
      name: 'data',
      displayName: 'Data',
      description: 'Data people',
      members: [ben!.email, cy!.email],
      managers: [ana!.email],
    });
    expect(created.status).toBe(201);
    const teamId: string = (await bodyOf(created)).data.id;

    const first = (await bodyOf(await get(`/teams/${teamId}`))).data;
    expect(first.manifest).toEqual({
      type: 'team',
      name: 'data',
      displayName: 'Data',
      description: 'Data people',
      members: [ana!.email, ben!.email, cy!.email].sort(),
      managers: [ana!.email],
    });
    expect(first.metadata.membersInline).toBe(true);
    expect(first).toMatchObject({
      accountId: tenant.tenantId,
      createdBySubject: { subjectId: tenant.adminUserId, subjectType: 'user', subjectSlug: tenant.adminEmail },
    });

    const applied = await put({ ...first.manifest, description: 'Everything data' });
    expect(applied.status).toBe(200);
    const body = await bodyOf(applied);
    expect(body.changes).toEqual({ added: [], removed: [], roleChanged: [] });

    const second = (await bodyOf(await get(`/teams/${teamId}`))).data;
    expect(second.description).toBe('Everything data');
    expect(second.manifest).toEqual({ ...first.manifest, description: 'Everything data' });
    const { description: _d1, updatedAt: _u1, version: v1, manifest: _m1, ...rest1 } = first;
    const { description: _d2, updatedAt: _u2, version: v2, manifest: _m2, ...rest2 } = second;
    expect(rest2).toEqual(rest1);
    expect(v2).toBe(v1 + 1);
    const events = (await auditEvents(tenant.table, tenant.tenantId)).filter((e) => e.target.id === teamId && e.action === 'team.updated');
    expect(events).toHaveLength(1);
    expect(events[0]!.changes).toEqual({ before: { description: 'Data people' }, after: { description: 'Everything data' } });
  });

  it('answers every required field for a team stored before creators were recorded (lazy upgrade)', async () => {
    const old = await storeOldTeam('legacy', [people[3]!.user.id]);
    const view = (await bodyOf(await get(`/teams/${old.id}`))).data;
    expect(view).toMatchObject({
      description: '',
      accountId: tenant.tenantId,
      createdBySubject: { subjectId: 'unrecorded', subjectType: 'user' },
      manifest: { type: 'team', name: 'legacy', members: [people[3]!.email] },
      metadata: { membersInline: true },
    });
    // Applying its manifest back works and records the change like any other.
    const applied = await put({ ...view.manifest, description: 'now described' });
    expect(applied.status).toBe(200);
    expect((await bodyOf(applied)).changes).toEqual({ added: [], removed: [], roleChanged: [] });
  });

  it('refuses to apply a manifest to a team larger than a manifest may be, and says the view is not whole', async () => {
    const ids = Array.from({ length: MAX_MANIFEST_EMAILS + 1 }, (_, i) => `ghost-${i}`);
    const big = await storeOldTeam('too-big', ids);
    const view = (await bodyOf(await get(`/teams/${big.id}`))).data;
    expect(view.manifest.members).toEqual([]);
    expect(view.metadata.membersInline).toBe(false);
    expect(view.memberCount).toBe(MAX_MANIFEST_EMAILS + 1);

    const res = await put({ ...view.manifest, description: 'x' });
    expect(res.status).toBe(409);
    expect(await bodyOf(res)).toMatchObject({
      code: 'team.too_large_for_manifest',
      details: [{ subject: 'team:too-big', id: big.id, message: `more than ${MAX_MANIFEST_EMAILS} members` }],
    });
    expect(await new TeamRepository(tenant.table).get(tenant.tenantId, big.id)).toEqual(big);
  }, 60_000);

  it('lists rows that say their manifest carries no members', async () => {
    const list = await bodyOf(await get('/teams/user?limit=100&offset=0'));
    expect(list.data.length).toBeGreaterThan(1);
    for (const row of list.data) expect(row).toMatchObject({ manifest: { members: [] }, metadata: { membersInline: false } });
    expect(list.data[0]).toMatchObject({ id: 'everyone', updatedAt: expect.any(String), accountId: tenant.tenantId });
  });
});

describe('team members by offset, as TrueFoundry’s SDK pages them', () => {
  it('returns the SDK’s member rows, with offset pages matching the cursor order', async () => {
    const res = await put({ type: 'team', name: 'paged', members: people.map((p) => p.email), managers: [people[4]!.email] });
    const teamId: string = (await bodyOf(res)).data.id;
    const all = (await bodyOf(await get(`/teams/${teamId}/members?limit=100&offset=0`))).data;
    expect(all).toHaveLength(5);
    for (const row of all) {
      const person = people.find((p) => p.user.id === row.subjectId)!;
      expect(row).toMatchObject({ subjectId: person.user.id, subjectSlug: person.email, subjectType: 'user', userId: person.user.id, email: person.email });
    }
    const page = await bodyOf(await get(`/teams/${teamId}/members?limit=2&offset=2`));
    expect(page.data.map((r: { subjectId: string }) => r.subjectId)).toEqual(all.slice(2, 4).map((r: { subjectId: string }) => r.subjectId));
    expect(page.pagination).toMatchObject({ total: 5, offset: 2, limit: 2, nextPageToken: expect.any(String) });
    const next = await bodyOf(await get(`/teams/${teamId}/members?limit=2&pageToken=${encodeURIComponent(page.pagination.nextPageToken)}`));
    expect(next.data.map((r: { subjectId: string }) => r.subjectId)).toEqual([all[4].subjectId]);
    const past = await bodyOf(await get(`/teams/${teamId}/members?limit=2&offset=5`));
    expect(past).toEqual({ data: [], pagination: { total: 5, offset: 5, limit: 2 } });

    const managers = await bodyOf(await get(`/teams/${teamId}/managers?limit=10&offset=0`));
    expect(managers.data.map((r: { subjectSlug: string }) => r.subjectSlug)).toEqual([people[4]!.email]);
    expect(managers.pagination).toEqual({ total: 1, offset: 0, limit: 10 });
    const pastManagers = await bodyOf(await get(`/teams/${teamId}/managers?limit=10&offset=1`));
    expect(pastManagers).toEqual({ data: [], pagination: { total: 1, offset: 1, limit: 10 } });
  });

  it('pages the everyone team by offset over active users', async () => {
    const all = (await bodyOf(await get('/teams/everyone/members?limit=100'))).data.map((r: { subjectId: string }) => r.subjectId);
    const second = await bodyOf(await get('/teams/everyone/members?limit=2&offset=2'));
    expect(second.data.map((r: { subjectId: string }) => r.subjectId)).toEqual(all.slice(2, 4));
    expect(second.pagination).toMatchObject({ offset: 2, limit: 2, total: all.length });
  });
});
