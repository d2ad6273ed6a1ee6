/**
 * One person, one identity string. Attacks through SCIM on the local gateway and
 * DynamoDB Local: a script stored as an email, look-alike userNames and emails
 * (trailing space, zero-width space, NFD against NFC, the Kelvin sign, bidi
 * overrides) that must never become second users beside the real one or squat
 * their name. Also the admin API's invite, and users stored before the rule
 * (written here item by item, as the old code wrote them).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { identityFromIdToken } from '../../shared/signin/sign-in-identity.js';
import { keys } from '../../shared/storage/keys.js';
import { provisionTenant } from '../../shared/tenant-setup/provision-tenant.js';
import { identityKey, isEmailAddress, legacyIdentityKeys, normalizeEmail } from '../../shared/users/identity-string.js';
import { UserRepository } from '../../shared/users/user-repository.js';
import { randomTenantId } from '../support/tenants.js';
import { startTestGateway, type TestGateway } from '../support/gateway.js';
import { ERROR_SCHEMA, PATCH_OP, startScimClient, USER_SCHEMA, type Json, type ScimTestClient } from '../scim/scim-client.js';

const TEST_TIMEOUT_MS = 60_000;
let gateway: TestGateway;
let c: ScimTestClient;

beforeAll(async () => {
  gateway = await startTestGateway();
  c = await startScimClient('idstr', gateway);
}, TEST_TIMEOUT_MS);
afterAll(() => gateway?.close());

const createUser = (userName: string, emails?: Array<{ value: string; primary?: boolean }>) =>
  c.call('POST', '/Users', { schemas: [USER_SCHEMA], userName, ...(emails ? { emails } : {}) });
const find = async (filter: string): Promise<Json[]> => {
  const res = await c.call('GET', `/Users?filter=${encodeURIComponent(filter)}`);
  expect(res.status).toBe(200);
  return res.body.Resources;
};
const total = async () => (await c.call('GET', '/Users?count=0')).body.totalResults as number;

function expectInvalidValue(res: { status: number; body: Json }, attribute: string) {
  expect(res.status).toBe(400);
  expect(res.body).toMatchObject({ schemas: [ERROR_SCHEMA], status: '400', scimType: 'invalidValue' });
  expect(res.body.detail).toContain(`"${attribute}"`);
}

describe('emails are email addresses', () => {
  it(
    'refuses a script, a missing @ and a bad domain as emails[].value, naming the attribute, and stores nothing',
    async () => {
      const before = await total();
      for (const value of ['<script>alert(1)</script>', 'no-at-sign', 'a@', '@b.example', 'a@-b.example', 'a..b@c.example', 'a b@c.example']) {
        expectInvalidValue(await createUser(`mail-${before}`, [{ value: 'ok@x.example' }, { value }]), 'emails[1].value');
      }
      expect(await total()).toBe(before);
      expect(await find('userName sw "mail-"')).toEqual([]);
    },
    TEST_TIMEOUT_MS,
  );

  it(
    'refuses the same through PATCH and PUT, leaving the user as it was',
    async () => {
      const user = (await createUser('patched-mail', [{ value: 'patched@x.example' }])).body;
      const patch = await c.call('PATCH', `/Users/${user.id}`, {
        schemas: [PATCH_OP],
        Operations: [{ op: 'add', path: 'emails', value: [{ value: '<img src=x onerror=alert(1)>', type: 'home' }] }],
      });
      expect(patch.status).toBe(400);
      expect(patch.body).toMatchObject({ scimType: 'invalidValue', detail: expect.stringMatching(/^Attribute "emails\[\d\]\.value" is not an email address/) });
      const put = await c.call('PUT', `/Users/${user.id}`, { schemas: [USER_SCHEMA], userName: 'patched-mail', emails: [{ value: 'javascript:alert(1)' }] });
      expectInvalidValue(put, 'emails[0].value');
      expect((await c.call('GET', `/Users/${user.id}`)).body.emails).toEqual([{ value: 'patched@x.example' }]);
    },
    TEST_TIMEOUT_MS,
  );

  it(
    'accepts internationalised addresses and a single-label domain, stored as sent in NFC',
    async () => {
      const res = await createUser('intl', [{ value: 'Jos\u0065\u0301.Nuñez@bücher.example', primary: true }, { value: 'ops@localhost' }]);
      expect(res.status).toBe(201);
      expect(res.body.emails.map((e: Json) => e.value)).toEqual(['José.Nuñez@bücher.example', 'ops@localhost']);
    },
    TEST_TIMEOUT_MS,
  );
});

describe('look-alike identity strings are one user, or refused', () => {
  it(
    'a trailing space is trimmed: "alice@x " is alice@x (409), not a second user',
    async () => {
      expect((await createUser('alice@x', [{ value: 'alice@x' }])).status).toBe(201);
      const dup = await createUser('alice@x ');
      expect(dup.status).toBe(409);
      expect(dup.body.scimType).toBe('uniqueness');
      const byEmail = await createUser('alice-2', [{ value: ' ALICE@x  ' }]);
      expect(byEmail.status).toBe(409);
      expect(await find('userName eq "alice@x"')).toHaveLength(1);
    },
    TEST_TIMEOUT_MS,
  );

  it(
    'invisible and bidi control characters are refused with the code point named',
    async () => {
      for (const [value, code] of [
        ['alice@x\u200b', 'U+200B'],
        ['\u200dalice@x', 'U+200D'],
        ['alice\u2060@x', 'U+2060'],
        ['\ufeffalice@x', 'U+FEFF'],
        ['al\u00adice@x', 'U+00AD'],
        ['admin\u202egnp.exe', 'U+202E'],
        ['admin\u2066x\u2069', 'U+2066'],
        ['alice\u00a0x', 'U+00A0'],
        ['alice\u2028x', 'U+2028'],
      ] as const) {
        const asName = await createUser(value);
        expectInvalidValue(asName, 'userName');
        expect(asName.body.detail).toContain(code);
        expectInvalidValue(await createUser(`inv-${code}`, [{ value }]), 'emails[0].value');
      }
      expect(await find('userName sw "inv-"')).toEqual([]);
    },
    TEST_TIMEOUT_MS,
  );

  it(
    'NFC and NFD "josé" are one userName and one login email',
    async () => {
      const nfc = 'jos\u00e9';
      const nfd = 'jose\u0301';
      const first = await createUser(nfc, [{ value: `${nfc}@corp.example` }]);
      expect(first.status).toBe(201);
      const byName = await createUser(nfd);
      expect(byName.status).toBe(409);
      const byEmail = await createUser('jose-2', [{ value: `${nfd.toUpperCase()}@corp.example` }]);
      expect(byEmail.status).toBe(409);
      expect(byEmail.body.scimType).toBe('uniqueness');
      // Lookups in either form find the one user, stored in NFC.
      for (const filter of [
        `userName eq "${nfd}"`,
        `userName eq "${nfc.toUpperCase()}"`,
        `emails.value eq "${nfd}@corp.example"`,
        `emails[value eq "${nfd}@CORP.example"]`,
      ]) {
        expect((await find(filter)).map((u) => u.id)).toEqual([first.body.id]);
      }
      expect(first.body.userName).toBe(nfc);
    },
    TEST_TIMEOUT_MS,
  );

  it(
    'the Kelvin sign is the letter K: it cannot squat "kelvin" under a look-alike name',
    async () => {
      const squatter = await createUser('\u212aelvin');
      expect(squatter.status).toBe(201);
      expect(squatter.body.userName).toBe('Kelvin');
      expect((await createUser('kelvin')).status).toBe(409);
      expect((await find('userName eq "kelvin"')).map((u) => u.userName)).toEqual(['Kelvin']);
      // Renaming onto it is refused the same way.
      const other = (await createUser('kevin')).body;
      const rename = await c.call('PATCH', `/Users/${other.id}`, { schemas: [PATCH_OP], Operations: [{ op: 'replace', path: 'userName', value: 'KELVIN' }] });
      expect(rename.status).toBe(409);
    },
    TEST_TIMEOUT_MS,
  );

  it(
    'the admin API register (invite) refuses an address SCIM already holds in another form, and a non-address',
    async () => {
      const holder = await createUser('holder', [{ value: 'holder@corp.example' }]);
      expect(holder.status).toBe(201);
      const invite = (email: string) =>
        gateway.request('/api/svc/v1/users/register', {
          method: 'POST',
          token: c.tenant.adminToken,
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ email }),
        });
      const taken = await invite(' HOLDER@corp.example ');
      expect(taken.status, await taken.clone().text()).toBe(409);
      expect((await invite('<script>alert(1)</script>')).status).toBe(400);
      expect(await find('emails.value eq "holder@corp.example"')).toHaveLength(1);
    },
    TEST_TIMEOUT_MS,
  );
});

describe('users stored before the rule keep working', () => {
  /** A user as the previous version wrote it: values as sent, every key the value lower-cased as sent. */
  async function writeLegacyUser(userName: string, email: string): Promise<string> {
    const { tenantId, table } = c.tenant;
    const id = `legacy-${Math.random().toString(16).slice(2, 10)}`;
    const now = new Date().toISOString();
    await table.put({
      Item: {
        ...keys.user(tenantId, id),
        entity: 'user',
        tenantId,
        id,
        userName,
        email,
        emails: [{ value: email }],
        active: true,
        role: 'tenant-member',
        source: 'scim',
        inviteAccepted: true,
        hasPassword: false,
        createdAt: now,
        updatedAt: now,
        version: 1,
        GSI1PK: `T#${tenantId}#UN#${userName.toLowerCase()}`,
        GSI1SK: 'USER',
        GSI3PK: `T#${tenantId}#EM#${email.toLowerCase()}`,
        GSI3SK: `U#${id}`,
      },
    });
    await table.put({ Item: { PK: `T#${tenantId}#UNAME#${userName.toLowerCase()}`, SK: 'UNIQUE', entity: 'unique', userId: id } });
    await table.put({ Item: { PK: `T#${tenantId}#EMAIL#${email.toLowerCase()}`, SK: 'UNIQUE', entity: 'unique', userId: id } });
    return id;
  }

  it(
    'an NFD userName and email stored the old way still block a duplicate in either form and are found by filter',
    async () => {
      const id = await writeLegacyUser('Rene\u0301', 'rene\u0301@old.example');
      for (const body of [
        { userName: 'Rene\u0301' },
        { userName: 'Ren\u00e9' },
        { userName: 'rene-2', emails: [{ value: 'rene\u0301@old.example' }] },
        { userName: 'rene-3', emails: [{ value: 'REN\u00c9@old.example' }] },
      ]) {
        const res = await c.call('POST', '/Users', { schemas: [USER_SCHEMA], ...body });
        expect(res.status).toBe(409);
        expect(res.body.scimType).toBe('uniqueness');
      }
      for (const filter of [
        'userName eq "Rene\u0301"',
        'userName eq "REN\u00c9"',
        'emails.value eq "ren\u00e9@old.example"',
        'emails.value eq "rene\u0301@old.example"',
      ]) {
        expect((await find(filter)).map((u) => u.id)).toEqual([id]);
      }
    },
    TEST_TIMEOUT_MS,
  );

  it(
    'a Kelvin-sign userName stored the old way (key "k…") still blocks "kate" and is found by it',
    async () => {
      const id = await writeLegacyUser('\u212aate', 'kate@old.example');
      expect((await createUser('kate')).status).toBe(409);
      expect((await find('userName eq "Kate"')).map((u) => u.id)).toEqual([id]);
    },
    TEST_TIMEOUT_MS,
  );

  it(
    'the first change of an old user moves its keys to the normal form, and deleting it frees the name',
    async () => {
      const id = await writeLegacyUser('Zoe\u0308', 'zoe\u0308@old.example');
      const patched = await c.call('PATCH', `/Users/${id}`, { schemas: [PATCH_OP], Operations: [{ op: 'replace', path: 'displayName', value: 'Zoë' }] });
      expect(patched.status).toBe(200);
      expect(patched.body).toMatchObject({ userName: 'Zo\u00eb', emails: [{ value: 'zo\u00eb@old.example' }] });
      const { tenantId, table } = c.tenant;
      expect(await table.get(keys.uniqueUserName(tenantId, 'zoe\u0308'))).toBeUndefined();
      expect(await table.get(keys.uniqueEmail(tenantId, 'zoe\u0308@old.example'))).toBeUndefined();
      expect(await table.get(keys.uniqueUserName(tenantId, 'zo\u00eb'))).toMatchObject({ userId: id });
      expect(await table.get(keys.uniqueEmail(tenantId, 'zo\u00eb@old.example'))).toMatchObject({ userId: id });
      expect((await createUser('Zoe\u0308')).status).toBe(409);
      expect((await c.call('DELETE', `/Users/${id}`)).status).toBe(204);
      expect(await new UserRepository(table).findByUserName(tenantId, 'zo\u00eb')).toBeUndefined();
      expect((await createUser('Zoe\u0308', [{ value: 'zoe\u0308@old.example' }])).status).toBe(201);
    },
    TEST_TIMEOUT_MS,
  );
});

describe('the rule itself, and the paths outside SCIM', () => {
  it('folds, validates and names old keys as documented', () => {
    expect(identityKey(' Jose\u0301@Corp.Example ')).toBe('jos\u00e9@corp.example');
    expect(identityKey('\u212aate')).toBe('kate');
    expect(legacyIdentityKeys('jos\u00e9')).toEqual(['jose\u0301']);
    expect(legacyIdentityKeys('alice@x ')).toEqual(['alice@x ']);
    expect(legacyIdentityKeys('plain')).toEqual([]);
    for (const ok of ['a@b', 'first.last+tag@sub.example.com', "o'hara@x.example", 'δοκιμή@παράδειγμα.δοκιμή', 'user@xn--bcher-kva.example'])
      expect(isEmailAddress(ok), ok).toBe(true);
    for (const bad of [
      '',
      'a',
      'a@',
      '@b',
      'a@b.',
      '.a@b',
      'a.@b',
      'a@b..c',
      'a@-b',
      'a@b-',
      'a"b@c',
      'a@b@c',
      'a@[1.2.3.4]',
      `${'x'.repeat(65)}@b`,
      'a\u200b@b',
    ]) {
      expect(isEmailAddress(bad), bad).toBe(false);
    }
    expect(() => normalizeEmail('x', 'emails[3].value')).toThrow('Attribute "emails[3].value" is not an email address');
  });

  it("JIT sign-in takes the IdP's email in the same form, and no email from a claim that is not an address", () => {
    const claims = (email: string) => ({ sub: 's-1', email });
    const mapping = { email: 'email', name: 'name' };
    expect(identityFromIdToken(claims(' Jose\u0301@corp.example '), { issuedBy: 'idp', ssoProviderName: 'Demo', mapping })?.email).toBe(
      'Jos\u00e9@corp.example',
    );
    expect(identityFromIdToken(claims('<script>alert(1)</script>'), { issuedBy: 'idp', ssoProviderName: 'Demo', mapping })?.email).toBeUndefined();
    expect(identityFromIdToken(claims('admin@corp.example\u200b'), { issuedBy: 'idp', ssoProviderName: 'Demo', mapping })?.email).toBeUndefined();
  });

  it(
    "seeding stores the first admins' emails in the same form, and refuses a non-address",
    async () => {
      const id = randomTenantId('seedid');
      const { adminUserIds } = await provisionTenant(c.tenant.table, {
        id,
        displayName: 'Seed',
        mode: 'invite-only',
        admins: [{ email: ' Ame\u0301lie@Seed.example ' }],
      });
      const admin = await new UserRepository(c.tenant.table).get(id, adminUserIds[0]!);
      expect(admin).toMatchObject({ userName: 'Am\u00e9lie@Seed.example', email: 'Am\u00e9lie@Seed.example' });
      expect((await new UserRepository(c.tenant.table).findByLoginEmail(id, 'AME\u0301LIE@seed.example'))?.id).toBe(admin!.id);
      await expect(
        provisionTenant(c.tenant.table, { id: randomTenantId('seedid'), displayName: 'Seed', mode: 'invite-only', admins: [{ email: 'not an address' }] }),
      ).rejects.toThrow('is not an email address');
    },
    TEST_TIMEOUT_MS,
  );
});
