/**
 * Inviting with a role and a name through the in-process API against DynamoDB
 * Local: the user gets the role and the name, SCIM clients read
 * `name.givenName`/`familyName`, bad input is a 400 that changes nothing, and a
 * seeded admin known only by a display name still shows SCIM a name.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { issuePersonalAccessToken } from '../../shared/tokens/personal-access-tokens.js';
import { call, type ApiRequest } from '../security/in-process-api.js';
import { rememberSecret } from '../support/secret-ledger.js';
import { createTestTenant, type TestTenant } from '../support/tenants.js';

const API = '/api/svc/v1';
const ACCEPT = 'https://app.example.com/accept';
let tenant: TestTenant;

const req = (method: string, url: string, body?: unknown, token = tenant.adminToken): Promise<Awaited<ReturnType<typeof call>>> =>
  call({ method, url, body, token } satisfies ApiRequest, { timeoutSeconds: 60 });
const scimUser = async (id: string) => (await req('GET', `/scim/v2/${tenant.tenantId}/Users/${id}`, undefined, tenant.scimToken)).json;
const find = async (email: string) =>
  ((await req('GET', `${API}/users?query=${encodeURIComponent(email)}&showInvalidUsers=true`)).json.data as Array<{ email: string }>).find(
    (u) => u.email === email,
  );

beforeAll(async () => {
  tenant = await createTestTenant({ prefix: 'inv', admins: [{ email: 'grace@inv.example', displayName: 'Grace Brewster Hopper' }] });
  rememberSecret(tenant.adminToken, tenant.scimToken!);
}, 120_000);

describe('invite with a role and a name', () => {
  it('creates the user with the role and the name, which SCIM clients read as given and family name', async () => {
    const res = await req('POST', `${API}/users/invite`, {
      email: 'ada@inv.example',
      acceptInviteClientUrl: ACCEPT,
      role: 'tenant-admin',
      name: { givenName: ' Ada ', familyName: 'Lovelace' },
    });
    expect(res.status).toBe(201);
    rememberSecret(new URL(res.json.link).searchParams.get('token')!);
    expect(res.json.data).toMatchObject({
      email: 'ada@inv.example',
      roles: ['tenant-admin'],
      metadata: { displayName: 'Ada Lovelace', source: 'invite', inviteAccepted: false },
    });
    const scim = await scimUser(res.json.data.id);
    expect(scim.name).toEqual({ givenName: 'Ada', familyName: 'Lovelace' });
    expect(scim.displayName).toBe('Ada Lovelace');

    // An invited admin is an active admin: the seeded one may now step down, and Ada, an admin, makes her one again.
    const ada = await issuePersonalAccessToken(tenant.table, { tenantId: tenant.tenantId, userId: res.json.data.id, name: 'ada' });
    rememberSecret(ada.token);
    expect((await req('PATCH', `${API}/users/roles`, { email: 'grace@inv.example', roles: ['tenant-member'] })).status).toBe(200);
    expect((await req('PATCH', `${API}/users/roles`, { email: 'grace@inv.example', roles: ['tenant-admin'] }, ada.token)).status).toBe(200);
  });

  it('keeps the default of a member with no name, and takes one part alone', async () => {
    const plain = await req('POST', `${API}/users/invite`, { email: 'plain@inv.example', acceptInviteClientUrl: ACCEPT });
    expect(plain.status).toBe(201);
    rememberSecret(new URL(plain.json.link).searchParams.get('token')!);
    expect(plain.json.data.roles).toEqual(['tenant-member']);
    expect(plain.json.data.metadata.displayName).toBeUndefined();
    expect((await scimUser(plain.json.data.id)).name).toBeUndefined();

    const given = await req('POST', `${API}/users/register`, { email: 'mononym@inv.example', name: { givenName: 'Teller', familyName: '  ' } });
    expect(given.status).toBe(201);
    expect(given.json.data.metadata.displayName).toBe('Teller');
    expect((await scimUser(given.json.data.id)).name).toEqual({ givenName: 'Teller' });
  });

  it('resends a pending invite without changing the role it was given', async () => {
    const again = await req('POST', `${API}/users/invite`, { email: 'plain@inv.example', acceptInviteClientUrl: ACCEPT, role: 'tenant-admin' });
    expect(again.status).toBe(200);
    rememberSecret(new URL(again.json.link).searchParams.get('token')!);
    expect(again.json.data.roles).toEqual(['tenant-member']);
  });

  it('refuses a bad role or name with a 400 naming the field, creating nobody', async () => {
    const cases: Array<[unknown, string]> = [
      [{ role: 'owner' }, 'role'],
      [{ name: { givenName: 'x'.repeat(101) } }, 'name.givenName'],
      [{ name: { givenName: 'Ada', middleName: 'B' } }, 'name'],
      [{ name: 'Ada Lovelace' }, 'name'],
    ];
    for (const [extra, field] of cases) {
      const email = `bad-${field.replace('.', '-')}@inv.example`;
      const res = await req('POST', `${API}/users/invite`, { email, acceptInviteClientUrl: ACCEPT, ...(extra as object) });
      expect(res.status, JSON.stringify(extra)).toBe(400);
      expect(JSON.stringify(res.json.details)).toContain(field);
      expect(await find(email)).toBeUndefined();
    }
  });

  it('shows SCIM a name for a seeded admin known only by a display name, without storing a guess', async () => {
    const scim = await scimUser(tenant.adminUserId);
    expect(scim.name).toEqual({ givenName: 'Grace', familyName: 'Brewster Hopper' });
    const view = (await req('GET', `${API}/users/${tenant.adminUserId}`)).json.data;
    expect(view.metadata.displayName).toBe('Grace Brewster Hopper');
  });
});
