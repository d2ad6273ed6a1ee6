/**
 * SCIM sees only what SCIM serves. A team an admin made in the admin API is not a
 * SCIM Group (GET /Groups/{id} answers 404), so it must not leak through a SCIM
 * user either: not in the user's `groups` (whose `$ref` would answer 404), not as
 * a match of `groups eq "<team id>"` on /Users or the root /.search. Run against
 * the local gateway and DynamoDB Local, the team made through PUT /teams.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestGateway, type TestGateway } from '../support/gateway.js';
import { GROUP_SCHEMA, startScimClient, USER_SCHEMA, type Json, type ScimTestClient } from '../scim/scim-client.js';

const TEST_TIMEOUT_MS = 60_000;
let gateway: TestGateway;
let c: ScimTestClient;
let userId: string;
let scimGroupId: string;
let adminTeamId: string;

beforeAll(async () => {
  gateway = await startTestGateway();
  c = await startScimClient('grpvis', gateway);
  const email = `member@${c.tenant.tenantId}.example`;
  const user = await c.call('POST', '/Users', { schemas: [USER_SCHEMA], userName: email, emails: [{ value: email, primary: true }] });
  expect(user.status).toBe(201);
  userId = user.body.id;
  const group = await c.call('POST', '/Groups', { schemas: [GROUP_SCHEMA], displayName: 'idp-group', members: [{ value: userId }] });
  expect(group.status).toBe(201);
  scimGroupId = group.body.id;
  const team = await gateway.request('/api/svc/v1/teams', {
    method: 'PUT',
    token: c.tenant.adminToken,
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ manifest: { type: 'team', name: 'admins-only', members: [email] } }),
  });
  expect(team.status).toBe(201);
  adminTeamId = ((await team.json()) as Json).data.id;
}, TEST_TIMEOUT_MS);
afterAll(() => gateway?.close());

const ids = (body: Json): string[] => body.Resources.map((r: { id: string }) => r.id);

describe('an admin-made team stays invisible through SCIM users', () => {
  it('is no Group', async () => {
    expect((await c.call('GET', `/Groups/${adminTeamId}`)).status).toBe(404);
  });

  it(
    "is not in the user's groups, whose every $ref resolves",
    async () => {
      for (const path of [`/Users/${userId}?attributes=groups`, `/Users?filter=${encodeURIComponent(`id eq "${userId}"`)}&attributes=groups`]) {
        const res = await c.call('GET', path);
        expect(res.status).toBe(200);
        const doc = res.body.Resources?.[0] ?? res.body;
        expect(doc.groups).toEqual([
          { value: scimGroupId, $ref: expect.stringMatching(new RegExp(`/Groups/${scimGroupId}$`)), display: 'idp-group', type: 'direct' },
        ]);
        for (const g of doc.groups) expect((await c.call('GET', new URL(g.$ref).pathname)).status).toBe(200);
      }
    },
    TEST_TIMEOUT_MS,
  );

  it(
    'matches no one with groups eq "<team id>", on /Users, /Users/.search and the root /.search',
    async () => {
      const filter = `groups eq "${adminTeamId}"`;
      expect((await c.call('GET', `/Users?filter=${encodeURIComponent(filter)}`)).body).toMatchObject({ totalResults: 0, Resources: [] });
      expect((await c.call('GET', `/Users?filter=${encodeURIComponent(`id eq "${userId}" and ${filter}`)}`)).body.totalResults).toBe(0);
      const search = { schemas: ['urn:ietf:params:scim:api:messages:2.0:SearchRequest'], filter };
      expect((await c.call('POST', '/Users/.search', search)).body.totalResults).toBe(0);
      expect((await c.call('POST', '/.search', search)).body.totalResults).toBe(0);
      expect((await c.call('GET', `/Users?filter=${encodeURIComponent('groups eq "everyone"')}`)).body.totalResults).toBe(0);
    },
    TEST_TIMEOUT_MS,
  );

  it(
    'agrees with groups: the SCIM group matches, ne on the team excludes no one',
    async () => {
      expect(ids((await c.call('GET', `/Users?filter=${encodeURIComponent(`groups eq "${scimGroupId}"`)}`)).body)).toEqual([userId]);
      expect(ids((await c.call('GET', `/Users?filter=${encodeURIComponent(`groups[value eq "${scimGroupId}"]`)}`)).body)).toEqual([userId]);
      // The tenant's seeded admin is the other user, in no group.
      const everyone = [userId, c.tenant.adminUserId].sort();
      expect(ids((await c.call('GET', `/Users?filter=${encodeURIComponent(`groups ne "${adminTeamId}"`)}`)).body).sort()).toEqual(everyone);
      expect(ids((await c.call('GET', `/Users?filter=${encodeURIComponent(`groups ne "${scimGroupId}"`)}`)).body)).toEqual([c.tenant.adminUserId]);
    },
    TEST_TIMEOUT_MS,
  );
});
