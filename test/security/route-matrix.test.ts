/**
 * Isolation and access over every route of the route table: each kind of bad
 * or misplaced credential against a victim tenant's resources gets 401, 403 or
 * 404 (never a 2xx, never a 5xx), never shows anything of the victim tenant it
 * was not sent, and leaves the victim tenant as it was.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { keys } from '../../shared/storage/keys.js';
import { routes, type RouteDefinition } from '../../shared/http/route-table.js';
import { TenantRepository } from '../../shared/tenants/tenant-repository.js';
import { issueSecret } from '../../shared/tokens/secret-token.js';
import { issuePersonalAccessToken } from '../../shared/tokens/personal-access-tokens.js';
import { setUserActive } from '../../shared/users/activation.js';
import { UserRepository } from '../../shared/users/user-repository.js';
import { rememberSecret } from '../support/secret-ledger.js';
import { createTestTenant, type TestTenant } from '../support/tenants.js';
import { figures } from '../reliability/figures.js';
import { call, inRightEnvelope, type ApiRequest, callExpecting as ok } from './in-process-api.js';

/** Generous: DynamoDB Local on a shared CI machine, not the service, sets the pace. */
const TEST_TIMEOUT_MS = 120_000;

const USER = 'urn:ietf:params:scim:schemas:core:2.0:User';
const GROUP = 'urn:ietf:params:scim:schemas:core:2.0:Group';
const PATCH_OP = 'urn:ietf:params:scim:api:messages:2.0:PatchOp';

let victim: TestTenant;
let attacker: TestTenant;
const v = {
  memberEmail: '',
  memberId: '',
  memberPatId: '',
  teamId: '',
  teamName: '',
  scimUserId: '',
  scimUserName: '',
  scimGroupId: '',
  scimGroupName: '',
  webhookId: '',
  webhookDeliveryId: '',
};
const creds: Record<string, string | undefined> = {};
const tallies: Record<string, Record<number, number>> = {};

beforeAll(async () => {
  [victim, attacker] = await Promise.all([createTestTenant({ prefix: 'secv' }), createTestTenant({ prefix: 'seca' })]);
  rememberSecret(victim.adminToken, victim.scimToken!, attacker.adminToken, attacker.scimToken!);
  const scim = (method: string, path: string, body: unknown): ApiRequest => ({
    method,
    url: `/scim/v2/${victim.tenantId}${path}`,
    token: victim.scimToken,
    body,
  });
  const admin = (method: string, path: string, body: unknown): ApiRequest => ({ method, url: `/api/svc/v1${path}`, token: victim.adminToken, body });

  v.memberEmail = `victim-member-${victim.tenantId}@victim.example`;
  const member = await ok(scim('POST', '/Users', { schemas: [USER], userName: v.memberEmail, emails: [{ value: v.memberEmail, primary: true }] }), 201);
  v.memberId = member.json.id;
  v.scimUserName = `victim-scim-${victim.tenantId}`;
  v.scimUserId = (await ok(scim('POST', '/Users', { schemas: [USER], userName: v.scimUserName }), 201)).json.id;
  v.scimGroupName = `victim-group-${victim.tenantId.slice(-8)}`;
  v.scimGroupId = (await ok(scim('POST', '/Groups', { schemas: [GROUP], displayName: v.scimGroupName, members: [{ value: v.scimUserId }] }), 201)).json.id;
  v.teamName = `victim-team-${victim.tenantId.slice(-8)}`;
  v.teamId = (await ok(admin('PUT', '/teams', { manifest: { type: 'team', name: v.teamName, members: [v.memberEmail] } }), 201)).json.data.id;

  const webhook = await ok(admin('POST', '/webhooks', { url: 'https://hooks.victim.example/in', eventTypes: ['*'], description: 'victim webhook' }), 201);
  v.webhookId = webhook.json.data.id;
  rememberSecret(webhook.json.secret);
  // A delivery of the victim's to name (no worker runs in this file: it stays pending).
  v.webhookDeliveryId = (await ok(admin('POST', `/webhooks/${v.webhookId}/test`, undefined), 202)).json.data.id;

  const memberPat = await issuePersonalAccessToken(victim.table, { tenantId: victim.tenantId, userId: v.memberId, name: 'member' });
  v.memberPatId = memberPat.id;
  creds.member = memberPat.token;
  creds.expired = (
    await issuePersonalAccessToken(victim.table, { tenantId: victim.tenantId, userId: v.memberId, name: 'expired', expiresAt: '2020-01-01T00:00:00.000Z' })
  ).token;
  const revoked = await issuePersonalAccessToken(victim.table, { tenantId: victim.tenantId, userId: v.memberId, name: 'revoked' });
  await ok({ method: 'DELETE', url: `/api/svc/v1/personal-access-tokens/${revoked.id}`, token: creds.member }, 200);
  creds.revoked = revoked.token;
  const leaver = await ok(
    scim('POST', '/Users', {
      schemas: [USER],
      userName: `leaver-${victim.tenantId}@victim.example`,
      emails: [{ value: `leaver-${victim.tenantId}@victim.example`, primary: true }],
    }),
    201,
  );
  creds.deactivated = (await issuePersonalAccessToken(victim.table, { tenantId: victim.tenantId, userId: leaver.json.id, name: 'leaver' })).token;
  const tenantRecord = await new TenantRepository(victim.table).require(victim.tenantId);
  await setUserActive(victim.table, {
    tenant: tenantRecord,
    email: `leaver-${victim.tenantId}@victim.example`,
    active: false,
    actor: { type: 'system', id: 'test' },
  });
  creds.garbage = 'garbage';
  creds.forgedPat = issueSecret('pat').token;
  creds.forgedScim = issueSecret('scim').token;
  creds.otherAdmin = attacker.adminToken;
  creds.otherScim = attacker.scimToken;
  creds.ownScim = victim.scimToken;
  rememberSecret(...Object.values(creds).filter((c): c is string => typeof c === 'string' && c.length > 8));
});
afterAll(() => {
  figures.record('route-matrix', 'answers by credential (status: count)', tallies);
  figures.flush('route-matrix');
});

/** A request of `route` that names the victim's resources wherever the route takes one. */
function requestFor(route: RouteDefinition): { request: Omit<ApiRequest, 'token'>; namesVictim: boolean } {
  const idFor: Record<string, string> = {
    'users.get': v.memberId,
    'users.delete': v.memberId,
    'users.teams': v.memberId,
    'users.resources': v.memberId,
    'users.permissions': v.memberId,
    'users.auditLogs': v.memberId,
    'teams.get': v.teamId,
    'teams.delete': v.teamId,
    'teams.members': v.teamId,
    'teams.managers': v.teamId,
    'pats.delete': v.memberPatId,
    'scim.users.get': v.scimUserId,
    'scim.users.replace': v.scimUserId,
    'scim.users.patch': v.scimUserId,
    'scim.users.delete': v.scimUserId,
    'scim.groups.get': v.scimGroupId,
    'scim.groups.replace': v.scimGroupId,
    'scim.groups.patch': v.scimGroupId,
    'scim.groups.delete': v.scimGroupId,
    'scim.resourceType': 'User',
    'scim.schema': USER,
    'webhooks.get': v.webhookId,
    'webhooks.update': v.webhookId,
    'webhooks.delete': v.webhookId,
    'webhooks.rotateSecret': v.webhookId,
    'webhooks.test': v.webhookId,
    'webhooks.deliveries': v.webhookId,
    'webhooks.redeliver': v.webhookId,
  };
  const bodies: Record<string, unknown> = {
    'users.deactivate': { email: v.memberEmail },
    'users.activate': { email: v.memberEmail },
    'users.roles': { email: v.memberEmail, roles: ['tenant-admin'] },
    'users.forgotPassword': { email: v.memberEmail, resetPasswordClientUrl: 'https://app.example.com/reset' },
    'users.changePassword': { loginId: v.memberEmail, oldPassword: 'old password 1', newPassword: 'new password 1' },
    'pats.revokeAll': { email: v.memberEmail },
    'teams.apply': { manifest: { type: 'team', name: v.teamName, members: [v.memberEmail] } },
    'collaborators.put': { resourceType: 'workspace', resourceId: 'victim-ws', collaborators: [{ subject: `user:${v.memberEmail}`, role: 'viewer' }] },
    'collaborators.delete': { resourceType: 'workspace', resourceId: 'victim-ws', collaborators: [{ subject: `team:${v.teamName}` }] },
    'users.register': { email: 'matrix-new@matrix.example' },
    'users.invite': { email: 'matrix-new@matrix.example', acceptInviteClientUrl: 'https://app.example.com/accept' },
    'pats.create': { name: 'matrix' },
    'provisioning.put': { mode: 'invite-only' },
    'scimToken.create': {},
    'webhooks.create': { url: 'https://hooks.matrix.example/in', eventTypes: ['*'] },
    'webhooks.update': { enabled: false },
    'webhooks.rotateSecret': { overlapSeconds: 0 },
    'scim.users.create': { schemas: [USER], userName: 'matrix-new' },
    'scim.users.replace': { schemas: [USER], userName: v.scimUserName, displayName: 'changed' },
    'scim.users.patch': { schemas: [PATCH_OP], Operations: [{ op: 'replace', path: 'active', value: false }] },
    'scim.groups.create': { schemas: [GROUP], displayName: 'matrix-new' },
    'scim.groups.replace': { schemas: [GROUP], displayName: v.scimGroupName, members: [] },
    'scim.groups.patch': { schemas: [PATCH_OP], Operations: [{ op: 'remove', path: 'members' }] },
    'scim.users.search': { schemas: ['urn:ietf:params:scim:api:messages:2.0:SearchRequest'] },
    'scim.groups.search': { schemas: ['urn:ietf:params:scim:api:messages:2.0:SearchRequest'] },
    'scim.search': { schemas: ['urn:ietf:params:scim:api:messages:2.0:SearchRequest'] },
    'scim.bulk': { schemas: ['urn:ietf:params:scim:api:messages:2.0:BulkRequest'], Operations: [{ method: 'DELETE', path: `/Users/${v.scimUserId}` }] },
  };
  const queries: Record<string, string> = {
    'collaborators.list': '?resourceType=workspace&resourceId=victim-ws',
    'pats.list': `?email=${encodeURIComponent(v.memberEmail)}`,
    'users.list': `?query=${encodeURIComponent('victim')}&showInvalidUsers=true`,
    'scim.users.list': `?filter=${encodeURIComponent(`userName eq "${v.memberEmail}"`)}`,
  };
  const path = route.path
    .replace('{tenantId}', victim.tenantId)
    .replace('{id}', encodeURIComponent(idFor[route.name] ?? 'x'))
    .replace('{deliveryId}', encodeURIComponent(v.webhookDeliveryId));
  const body = bodies[route.name] ?? (route.method === 'GET' || route.method === 'DELETE' ? undefined : {});
  const namesVictim = route.path.includes('{id}') || route.path.startsWith('/scim/') || JSON.stringify(body ?? '').includes('victim') || route.name in queries;
  return { request: { method: route.method, url: `${path}${queries[route.name] ?? ''}`, body }, namesVictim };
}

/** What each credential must get on each auth kind; `skip` where the caller is entitled to an answer. */
type Expectation = number[] | 'skip';
const rows: Array<{ credential: string; label: string; expect: (route: RouteDefinition, namesVictim: boolean) => Expectation }> = [
  { credential: 'none', label: 'no credential', expect: () => [401] },
  { credential: 'garbage', label: 'garbage', expect: () => [401] },
  { credential: 'forgedPat', label: 'well-formed unknown PAT', expect: () => [401] },
  { credential: 'forgedScim', label: 'well-formed unknown SCIM token', expect: () => [401] },
  { credential: 'expired', label: 'expired PAT', expect: () => [401] },
  { credential: 'revoked', label: 'revoked PAT', expect: () => [401] },
  { credential: 'deactivated', label: 'deactivated user’s PAT', expect: () => [401] },
  { credential: 'member', label: 'member PAT', expect: (r) => (r.auth === 'admin' ? [403] : r.auth === 'scim' ? [401] : 'skip') },
  {
    credential: 'otherAdmin',
    label: 'admin PAT of another tenant',
    // Its own tenant's answers are its business; what it must not do is reach the victim's resources.
    // A list is answered from the caller's own tenant (a 200 is right there), so for lists only the leak check bites.
    expect: (r, namesVictim) =>
      r.auth === 'scim' ? [401] : r.method === 'GET' && !r.path.includes('{id}') ? [200, 400, 403, 404] : namesVictim ? [400, 403, 404] : 'skip',
  },
  { credential: 'otherScim', label: 'SCIM token of another tenant', expect: () => [401] },
  { credential: 'ownScim', label: 'SCIM token on an admin or user route', expect: (r) => (r.auth === 'scim' ? 'skip' : [401]) },
];

const guarded = routes.filter((r) => r.auth !== 'public');
const victimMarkers = () => [
  v.memberEmail,
  v.teamName,
  v.scimUserName,
  v.scimGroupName,
  victim.adminEmail,
  v.memberId,
  v.scimUserId,
  v.scimGroupId,
  v.teamId,
  'hooks.victim.example',
  'victim webhook',
];

describe.each(rows)('$label', (row) => {
  it(
    'gets only the expected 4xx on every guarded route, in the route’s envelope, and nothing of the victim',
    async () => {
      const failures: string[] = [];
      const tally: Record<number, number> = {};
      for (const route of guarded) {
        const { request, namesVictim } = requestFor(route);
        const expected = row.expect(route, namesVictim);
        if (expected === 'skip') continue;
        const token = row.credential === 'none' ? undefined : creds[row.credential];
        const res = await call({ ...request, token }, { timeoutSeconds: 60 });
        tally[res.status] = (tally[res.status] ?? 0) + 1;
        const sent = `${JSON.stringify(request)} ${decodeURIComponent(request.url)}`;
        const leaked = victimMarkers().filter((m) => !sent.includes(m) && res.text.includes(m));
        if (!expected.includes(res.status)) failures.push(`${route.name}: ${res.status} (expected ${expected.join('/')}) ${res.text.slice(0, 200)}`);
        else if (res.status >= 400 && !inRightEnvelope(request.url, res)) failures.push(`${route.name}: not in its envelope: ${res.text.slice(0, 200)}`);
        if (leaked.length) failures.push(`${route.name}: shows the victim's ${leaked.join(', ')}`);
      }
      tallies[row.label] = tally;
      expect(failures).toEqual([]);
    },
    TEST_TIMEOUT_MS,
  );
});

describe('the victim tenant afterwards', () => {
  it(
    'is unchanged: member active and still a member, team and group intact, tokens working',
    async () => {
      const users = new UserRepository(victim.table);
      const member = await users.get(victim.tenantId, v.memberId);
      expect(member).toMatchObject({ active: true, role: 'tenant-member' });
      expect(await users.get(victim.tenantId, v.scimUserId)).toMatchObject({ active: true });
      expect(await victim.table.get(keys.membership(victim.tenantId, v.teamId, v.memberId))).toBeDefined();
      expect(await victim.table.get(keys.membership(victim.tenantId, v.scimGroupId, v.scimUserId))).toBeDefined();
      expect((await call({ method: 'GET', url: '/api/svc/v1/users', token: creds.member })).status).toBe(200);
      expect((await call({ method: 'GET', url: `/scim/v2/${victim.tenantId}/Users/${v.scimUserId}`, token: victim.scimToken })).status).toBe(200);
      expect((await new TenantRepository(victim.table).require(victim.tenantId)).mode).toBe('scim');
      const webhook = await call({ method: 'GET', url: `/api/svc/v1/webhooks/${v.webhookId}`, token: victim.adminToken });
      expect(webhook.json.data).toMatchObject({ enabled: true, url: 'https://hooks.victim.example/in', description: 'victim webhook' });
      expect(webhook.json.data.previousSecretExpiresAt).toBeUndefined();
      figures.record('route-matrix', 'routes', {
        total: routes.length,
        guarded: guarded.length,
        public: routes.length - guarded.length,
        credentialKinds: rows.length,
      });
    },
    TEST_TIMEOUT_MS,
  );
});
