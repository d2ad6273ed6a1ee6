/**
 * The users listing's filters and sorts (`GET /users?status=&role=&source=&sort=`)
 * through the in-process API against DynamoDB Local: exact totals over the whole
 * tenant, pages cut after sorting, and a 400 for an unknown value.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { call } from '../security/in-process-api.js';
import { rememberSecret } from '../support/secret-ledger.js';
import { createTestTenant, type TestTenant } from '../support/tenants.js';

const USER = 'urn:ietf:params:scim:schemas:core:2.0:User';
const API = '/api/svc/v1';
let tenant: TestTenant;

const get = async (query: string) => {
  const res = await call({ method: 'GET', url: `${API}/users${query}`, token: tenant.adminToken }, { timeoutSeconds: 60 });
  return res;
};
const emails = async (query: string) => {
  const res = await get(query);
  expect(res.status, res.text).toBe(200);
  return { emails: (res.json.data as Array<{ email: string }>).map((u) => u.email.split('@')[0]), total: res.json.pagination.total as number };
};

beforeAll(async () => {
  tenant = await createTestTenant({ prefix: 'lst', admins: [{ email: 'admin@lst.example', displayName: 'Mallory Admin' }] });
  rememberSecret(tenant.adminToken, tenant.scimToken!);
  const scim = (body: unknown) => call({ method: 'POST', url: `/scim/v2/${tenant.tenantId}/Users`, token: tenant.scimToken, body }, { timeoutSeconds: 60 });
  for (const [local, name] of [
    ['carol', 'Carol Zed'],
    ['bob', undefined],
    ['dave', 'Alice Young'],
  ] as const) {
    const res = await scim({
      schemas: [USER],
      userName: `${local}@lst.example`,
      emails: [{ value: `${local}@lst.example`, primary: true }],
      ...(name ? { displayName: name } : {}),
    });
    expect(res.status).toBe(201);
  }
  const admin = (method: string, path: string, body: unknown) => call({ method, url: `${API}${path}`, token: tenant.adminToken, body }, { timeoutSeconds: 60 });
  expect((await admin('PATCH', '/users/deactivate', { email: 'bob@lst.example' })).status).toBe(200);
  const invited = await admin('POST', '/users/register', { email: 'erin@lst.example', role: 'tenant-admin', name: { givenName: 'Erin', familyName: 'Baker' } });
  expect(invited.status).toBe(201);
}, 120_000);

describe('users list filters and sorts', () => {
  it('filters by status over the whole tenant, with exact totals', async () => {
    expect(await emails('?status=active&sort=email')).toEqual({ emails: ['admin', 'carol', 'dave'], total: 3 });
    expect(await emails('?status=deactivated')).toEqual({ emails: ['bob'], total: 1 });
    expect(await emails('?status=invite-pending')).toEqual({ emails: ['erin'], total: 1 });
    // status overrides showInvalidUsers: deactivated users appear when asked for by state.
    expect((await emails('?status=deactivated&showInvalidUsers=false')).total).toBe(1);
  });

  it('filters by role and source, combined with each other and the search', async () => {
    expect(await emails('?role=tenant-admin&sort=email')).toEqual({ emails: ['admin', 'erin'], total: 2 });
    expect(await emails('?source=scim&showInvalidUsers=true&sort=email')).toEqual({ emails: ['bob', 'carol', 'dave'], total: 3 });
    expect(await emails('?source=scim&role=tenant-admin')).toEqual({ emails: [], total: 0 });
    expect(await emails('?source=scim&query=AR')).toEqual({ emails: ['carol'], total: 1 });
  });

  it('searches the display name as well as the email, case-insensitively', async () => {
    // dave's address says nothing of "Young": only his name matches.
    expect(await emails('?query=YOUNG')).toEqual({ emails: ['dave'], total: 1 });
    expect(await emails('?query=erin%20b')).toEqual({ emails: ['erin'], total: 1 });
    expect(await emails('?query=mallory')).toEqual({ emails: ['admin'], total: 1 });
    // A deactivated user's name is found only when deactivated users are asked for.
    expect(await emails('?query=zed&status=active')).toEqual({ emails: ['carol'], total: 1 });
  });

  it('sorts the whole filtered list, cuts the page after sorting, and puts users without a value last', async () => {
    expect(await emails('?sort=name&showInvalidUsers=true')).toEqual({ emails: ['dave', 'carol', 'erin', 'admin', 'bob'], total: 5 });
    expect(await emails('?sort=name&order=desc&showInvalidUsers=true')).toEqual({ emails: ['admin', 'erin', 'carol', 'dave', 'bob'], total: 5 });
    expect(await emails('?sort=email&order=desc&limit=2&offset=1&showInvalidUsers=true')).toEqual({ emails: ['dave', 'carol'], total: 5 });
    // Nobody has signed in: every user lacks a last access, so the order is the stable id order either way.
    const asc = await emails('?sort=lastAccess&showInvalidUsers=true');
    const desc = await emails('?sort=lastAccess&order=desc&showInvalidUsers=true');
    expect(asc).toEqual(desc);
  });

  it('refuses unknown values with a 400 naming the parameter', async () => {
    const cases: Array<[string, string]> = [
      ['?status=gone', 'status'],
      ['?role=owner', 'role'],
      ['?source=ldap', 'source'],
      ['?sort=age', 'sort'],
      ['?sort=name&order=up', 'order'],
    ];
    for (const [query, field] of cases) {
      const res = await get(query);
      expect(res.status, query).toBe(400);
      expect(JSON.stringify(res.json.details)).toContain(field);
    }
  });
});
