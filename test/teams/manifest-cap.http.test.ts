/**
 * The advertised manifest cap finishes inside the function timeout: a manifest
 * naming MAX_MANIFEST_EMAILS people creates the whole team in one request (the
 * deployed 10 s timeout, with the kit's early 503 half a second before it), and a
 * team manager's full re-apply that moves everyone's role does too. One more
 * person is a 400 before anything is written. The GET of the team at the cap
 * carries every member inline, and applying that manifest back changes nothing.
 */
import { randomUUID } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { issuePersonalAccessToken } from '../../shared/tokens/personal-access-tokens.js';
import { MAX_MANIFEST_EMAILS } from '../../shared/teams/team-manifest.js';
import { TeamRepository } from '../../shared/teams/team-repository.js';
import { forEachLimited } from '../../shared/teams/member-emails.js';
import { call } from '../security/in-process-api.js';
import { createTestTenant, type TestTenant } from '../support/tenants.js';
import { createUser } from '../tenants/support.js';
import { API } from './support.js';

let tenant: TestTenant;
const emails: string[] = [];

beforeAll(async () => {
  tenant = await createTestTenant({ prefix: 'cap', mode: 'invite-only' });
  for (let i = 0; i < MAX_MANIFEST_EMAILS; i++) emails.push(`p${String(i).padStart(4, '0')}-${randomUUID().slice(0, 4)}@${tenant.tenantId}.example`);
  await forEachLimited(emails, 16, async (email) => {
    await createUser(tenant.table, tenant.tenantId, { email, userName: email, emails: [{ value: email, type: 'work', primary: true }] });
  });
}, 300_000);

const apply = (manifest: Record<string, unknown>, token = tenant.adminToken) =>
  call({ method: 'PUT', url: `${API}/teams`, token, body: { manifest: { type: 'team', ...manifest } } });

describe(`PUT /teams at the advertised cap of ${MAX_MANIFEST_EMAILS} people`, () => {
  it('creates the whole team in one request inside the function timeout', async () => {
    const res = await apply({ name: 'at-cap', members: emails.slice(1), managers: [emails[0]] });
    expect(res.status, res.text.slice(0, 300)).toBe(201);
    expect(res.json.changes.added).toHaveLength(MAX_MANIFEST_EMAILS);
    const team = await new TeamRepository(tenant.table).getByName(tenant.tenantId, 'at-cap');
    expect(team!.memberCount).toBe(MAX_MANIFEST_EMAILS);

    const view = await call({ method: 'GET', url: `${API}/teams/${team!.id}`, token: tenant.adminToken });
    expect(view.status).toBe(200);
    expect(view.json.data.manifest.members).toEqual([...emails].sort());
    expect(view.json.data.manifest.managers).toEqual([emails[0]]);
    expect(view.text.length).toBeLessThan(200_000); // far inside Lambda's 6 MB response

    const again = await apply({ ...view.json.data.manifest, description: 'at the cap' });
    expect(again.status).toBe(200);
    expect(again.json.changes).toEqual({ added: [], removed: [], roleChanged: [] });
  }, 120_000);

  it('lets a team manager re-apply it with every role changed, inside the timeout', async () => {
    const { token } = await issuePersonalAccessToken(tenant.table, {
      tenantId: tenant.tenantId,
      userId: (await call({ method: 'GET', url: `${API}/users?query=${encodeURIComponent(emails[0]!)}`, token: tenant.adminToken })).json.data[0].id,
      name: 'manager',
    });
    // Everyone becomes a manager: every edge changes (the first manager stays one).
    const res = await apply({ name: 'at-cap', members: [], managers: emails }, token);
    expect(res.status, res.text.slice(0, 300)).toBe(200);
    expect(res.json.changes.roleChanged).toHaveLength(MAX_MANIFEST_EMAILS - 1);
  }, 120_000);

  it('refuses one person more with a 400 before writing anything', async () => {
    const before = await new TeamRepository(tenant.table).getByName(tenant.tenantId, 'at-cap');
    const res = await apply({ name: 'at-cap', members: [...emails, `one-more@${tenant.tenantId}.example`] });
    expect(res.status).toBe(400);
    expect(res.json).toMatchObject({ code: 'request.invalid', details: [{ field: 'manifest.members' }] });
    expect(await new TeamRepository(tenant.table).getByName(tenant.tenantId, 'at-cap')).toEqual(before);
  });
});
