/**
 * The events about one user (`GET /x/users/{id}/audit-logs`) through the
 * in-process API against DynamoDB Local: newest first from the target index,
 * paged by cursor, limited to admins and the user themself, and honest about
 * audit items written before they carried target keys.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { auditPartition } from '../../shared/audit/audit-event.js';
import { issuePersonalAccessToken } from '../../shared/tokens/personal-access-tokens.js';
import { call, callExpecting as ok } from '../security/in-process-api.js';
import { rememberSecret } from '../support/secret-ledger.js';
import { createTestTenant, type TestTenant } from '../support/tenants.js';

const USER = 'urn:ietf:params:scim:schemas:core:2.0:User';
const API = '/api/svc/v1';
let tenant: TestTenant;
let other: TestTenant;
let subject: { id: string; email: string };
let bystander: { id: string; email: string; token: string };

async function scimUser(t: TestTenant, email: string) {
  const res = await ok(
    {
      method: 'POST',
      url: `/scim/v2/${t.tenantId}/Users`,
      token: t.scimToken,
      body: { schemas: [USER], userName: email, emails: [{ value: email, primary: true }] },
    },
    201,
  );
  return { id: res.json.id as string, email };
}

const about = (id: string, query = '', token = tenant.adminToken) =>
  call({ method: 'GET', url: `${API}/x/users/${id}/audit-logs${query}`, token }, { timeoutSeconds: 60 });

beforeAll(async () => {
  [tenant, other] = await Promise.all([createTestTenant({ prefix: 'aud' }), createTestTenant({ prefix: 'audx' })]);
  rememberSecret(tenant.adminToken, tenant.scimToken!, other.adminToken, other.scimToken!);
  subject = await scimUser(tenant, `subject@${tenant.tenantId}.example`);
  const b = await scimUser(tenant, `bystander@${tenant.tenantId}.example`);
  const pat = await issuePersonalAccessToken(tenant.table, { tenantId: tenant.tenantId, userId: b.id, name: 'bystander' });
  rememberSecret(pat.token);
  bystander = { ...b, token: pat.token };
  const admin = (method: string, path: string, body: unknown) => ok({ method, url: `${API}${path}`, token: tenant.adminToken, body });
  await admin('PATCH', '/users/roles', { email: subject.email, roles: ['tenant-admin'] });
  await admin('PATCH', '/users/deactivate', { email: subject.email });
  await admin('PATCH', '/users/activate', { email: subject.email });
}, 120_000);

describe('events about a user', () => {
  it('lists only the events whose target is the user, newest first', async () => {
    const res = await about(subject.id);
    expect(res.status).toBe(200);
    const events = res.json.data as Array<{ action: string; target: { type: string; id: string }; at: string }>;
    expect(events.map((e) => e.action)).toEqual(['user.activated', 'user.deactivated', 'user.role_changed', 'user.created']);
    expect(events.every((e) => e.target.type === 'user' && e.target.id === subject.id)).toBe(true);
    expect(res.json.nextBefore).toBeUndefined();
    expect(JSON.stringify(res.json)).not.toContain(tenant.tenantId + '#');
  });

  it('pages by cursor: each page continues where the last ended, and the last page has no cursor', async () => {
    const seen: string[] = [];
    let before: string | undefined;
    for (let i = 0; i < 10; i++) {
      const res = await about(subject.id, `?limit=1${before ? `&before=${encodeURIComponent(before)}` : ''}`);
      expect(res.status).toBe(200);
      seen.push(...(res.json.data as Array<{ action: string }>).map((e) => e.action));
      before = res.json.nextBefore;
      if (!before) break;
    }
    // DynamoDB may hand back a last key on the exact last item: at most one empty page after it.
    expect(seen).toEqual(['user.activated', 'user.deactivated', 'user.role_changed', 'user.created']);
  });

  it('refuses a cursor it did not issue with a 400 naming the field', async () => {
    for (const bad of ['garbage', `${'9'.repeat(30)}#x`, 'T#other#AUDIT']) {
      const res = await about(subject.id, `?before=${encodeURIComponent(bad)}`);
      expect(res.status).toBe(400);
      expect(res.json).toMatchObject({ code: 'audit.invalid_cursor', details: [{ field: 'before' }] });
    }
    expect((await about(subject.id, '?limit=0')).status).toBe(400);
    expect((await about(subject.id, '?limit=101')).status).toBe(400);
  });

  it('lets a member read the events about themself, and no one else’s', async () => {
    const own = await about(bystander.id, '', bystander.token);
    expect(own.status).toBe(200);
    expect((own.json.data as Array<{ action: string }>).map((e) => e.action)).toEqual(['user.created']);
    const others = await about(subject.id, '', bystander.token);
    // As for a user's teams and permissions: another member's page does not exist for them.
    expect(others.status).toBe(404);
    expect(JSON.stringify(others.json)).not.toContain('user.deactivated');
  });

  it('answers 404 for a user of another tenant and for an unknown id', async () => {
    const foreign = await scimUser(other, `foreign@${other.tenantId}.example`);
    const res = await about(foreign.id);
    expect(res.status).toBe(404);
    expect((await about('no-such-user')).status).toBe(404);
  });

  it('writes each event once more, keys only, under its target, and no longer under its actor', async () => {
    const listed = await about(subject.id, '?limit=1');
    const event = (listed.json.data as Array<{ id: string; at: string }>)[0]!;
    const item = await tenant.table.get({ PK: auditPartition(tenant.tenantId, event.at), SK: `${event.at}#${event.id}` });
    expect(item).toMatchObject({ GSI4PK: `T#${tenant.tenantId}#AUDIT#TARGET#user#${subject.id}`, GSI4SK: `${event.at}#${event.id}` });
    expect(
      Object.keys(item!)
        .filter((k) => k.startsWith('GSI'))
        .sort(),
    ).toEqual(['GSI4PK', 'GSI4SK']);
  });

  it('lists events the previous version indexed under GSI2 in order among the new ones, across pages', async () => {
    const target = await scimUser(tenant, `mixed@${tenant.tenantId}.example`);
    const created = (await about(target.id)).json.data as Array<{ at: string }>;
    // Written as the previous version wrote them: whole items with GSI1 (actor) and GSI2 (target) keys,
    // one older than the create, one between it and the update that follows.
    const legacy = (at: string, n: number) => {
      const id = `00000000-0000-4000-8000-00000000010${n}`;
      return tenant.table.put({
        Item: {
          PK: auditPartition(tenant.tenantId, at),
          SK: `${at}#${id}`,
          entity: 'audit',
          GSI1PK: `T#${tenant.tenantId}#AUDIT#ACTOR#${tenant.adminUserId}`,
          GSI1SK: `${at}#${id}`,
          GSI2PK: `T#${tenant.tenantId}#AUDIT#TARGET#user#${target.id}`,
          GSI2SK: `${at}#${id}`,
          id,
          tenantId: tenant.tenantId,
          at,
          actor: { type: 'user', id: tenant.adminUserId },
          action: 'user.updated',
          target: { type: 'user', id: target.id, slug: target.email },
          changes: { before: { title: `t${n}` }, after: { title: `t${n + 1}` } },
        },
      });
    };
    await legacy(new Date(Date.parse(created[0]!.at) - 60_000).toISOString(), 1);
    await legacy(new Date(Date.parse(created[0]!.at) + 1).toISOString(), 2);
    await new Promise((resolve) => setTimeout(resolve, 5));
    await ok({ method: 'PATCH', url: `${API}/users/deactivate`, token: tenant.adminToken, body: { email: target.email } });

    const whole = (await about(target.id)).json.data as Array<{ id: string; action: string; changes?: unknown }>;
    expect(whole.map((e) => e.action)).toEqual(['user.deactivated', 'user.updated', 'user.created', 'user.updated']);
    expect(whole[1]).toMatchObject({ id: '00000000-0000-4000-8000-000000000102', changes: { before: { title: 't2' }, after: { title: 't3' } } });
    expect(whole[3]).toMatchObject({ id: '00000000-0000-4000-8000-000000000101' });
    expect(JSON.stringify(whole)).not.toMatch(/GSI\dP?K/);

    const paged: string[] = [];
    let before: string | undefined;
    for (let i = 0; i < 10; i++) {
      const res = await about(target.id, `?limit=1${before ? `&before=${encodeURIComponent(before)}` : ''}`);
      paged.push(...(res.json.data as Array<{ id: string }>).map((e) => e.id));
      before = res.json.nextBefore;
      if (!before) break;
    }
    expect(paged).toEqual(whole.map((e) => e.id));
  });

  it('does not list an event stored before audit items carried target keys, which the monthly listing still has', async () => {
    const at = new Date(Date.now() - 60_000).toISOString();
    const id = '00000000-0000-4000-8000-000000000001';
    // An audit item as the previous version wrote it: GSI1 by actor only.
    await tenant.table.put({
      Item: {
        PK: auditPartition(tenant.tenantId, at),
        SK: `${at}#${id}`,
        entity: 'audit',
        GSI1PK: `T#${tenant.tenantId}#AUDIT#ACTOR#${tenant.adminUserId}`,
        GSI1SK: `${at}#${id}`,
        id,
        tenantId: tenant.tenantId,
        at,
        actor: { type: 'user', id: tenant.adminUserId },
        action: 'user.legacy_event',
        target: { type: 'user', id: subject.id, slug: subject.email },
      },
    });
    const listed = await about(subject.id);
    expect((listed.json.data as Array<{ action: string }>).map((e) => e.action)).not.toContain('user.legacy_event');
    const monthly = await ok({ method: 'GET', url: `${API}/audit-logs?action=user.legacy_event`, token: tenant.adminToken });
    expect(monthly.json.data).toEqual([
      expect.objectContaining({ id, action: 'user.legacy_event', target: { type: 'user', id: subject.id, slug: subject.email } }),
    ]);
    expect(Object.keys(monthly.json.data[0])).not.toContain('GSI1PK');
  });
});
