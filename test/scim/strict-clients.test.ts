/**
 * HTTP: what strict clients and conformance suites check. ServiceProviderConfig
 * parsed by a strict schema of RFC 7643 §5 (plus RFC 9865 `pagination` and URN
 * extensions); `/Schemas` uniqueness matching what is enforced; PATCH `remove`
 * leaving every removable attribute unassigned (table-driven over the schemas);
 * `ne` on a multi-valued attribute; `not (...)` through the root `/.search`;
 * member removal by a filter joined with `or`.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as z from '../../shared/validation/zod.js';
import type { AttributeDef } from '../../shared/scim/schemas/attribute.js';
import { GROUP_RESOURCE, USER_RESOURCE, type ResourceTypeDef } from '../../shared/scim/schemas/resource-types.js';
import { ENTERPRISE, GROUP_SCHEMA, PATCH_OP, startScimClient, USER_SCHEMA, type Json, type ScimTestClient } from './scim-client.js';

const TEST_TIMEOUT_MS = 120_000;
let c: ScimTestClient;
let managerId: string;

beforeAll(async () => {
  c = await startScimClient('strict');
  managerId = (await c.call('POST', '/Users', { schemas: [USER_SCHEMA], userName: 'the-manager' })).body.id;
}, TEST_TIMEOUT_MS);
afterAll(() => c?.close());

const SEARCH = 'urn:ietf:params:scim:api:messages:2.0:SearchRequest';
const q = (filter: string) => `filter=${encodeURIComponent(filter)}`;
const ids = (body: Json): string[] => body.Resources.map((r: { id: string }) => r.id).sort();

describe('ServiceProviderConfig holds only what RFC 7643 §5 defines', () => {
  const supported = z.strictObject({ supported: z.boolean() });
  /** RFC 7643 §5, RFC 9865 §3 `pagination`, `meta` (§3.1); nothing else but URN-named extensions. */
  const rfcDocument = z.catchall(
    z.strictObject({
      schemas: z.array(z.string()),
      documentationUri: z.optional(z.string()),
      patch: supported,
      bulk: z.strictObject({ supported: z.boolean(), maxOperations: z.number(), maxPayloadSize: z.number() }),
      filter: z.strictObject({ supported: z.boolean(), maxResults: z.number() }),
      changePassword: supported,
      sort: supported,
      etag: supported,
      authenticationSchemes: z.array(
        z.strictObject({
          type: z.string(),
          name: z.string(),
          description: z.string(),
          specUri: z.optional(z.string()),
          documentationUri: z.optional(z.string()),
          primary: z.optional(z.boolean()),
        }),
      ),
      pagination: z.optional(
        z.strictObject({
          cursor: z.boolean(),
          index: z.boolean(),
          defaultPaginationMethod: z.optional(z.enum(['cursor', 'index'])),
          defaultPageSize: z.optional(z.number()),
          maxPageSize: z.optional(z.number()),
          cursorTimeout: z.optional(z.number()),
        }),
      ),
      meta: z.optional(
        z.strictObject({
          resourceType: z.string(),
          location: z.string(),
          created: z.optional(z.string()),
          lastModified: z.optional(z.string()),
          version: z.optional(z.string()),
        }),
      ),
    }),
    z.record(z.string(), z.unknown()),
  );

  it('parses strictly, with every extra member under a URN listed in schemas', async () => {
    const res = await c.call('GET', '/ServiceProviderConfig');
    expect(res.status).toBe(200);
    const parsed = z.safeParse(rfcDocument, res.body);
    expect(parsed.success, parsed.success ? '' : parsed.error.message).toBe(true);
    const extras = Object.keys(res.body).filter((k) => !Object.keys(rfcDocument.def.shape).includes(k));
    expect(extras).toEqual(['urn:provisioning-service:params:scim:schemas:extension:limits:2.0:ServiceProviderConfig']);
    for (const key of extras) expect(res.body.schemas).toContain(key);
    expect(res.body.patch).toEqual({ supported: true });
    expect(res.body[extras[0]!]).toEqual({
      patchMaxOperations: 1000,
      bulkTimeBudgetSeconds: 6,
      groupMembersMaxReturned: 20000,
      membershipFilterMaxEdges: 1000,
    });
  });

  it('enforces the patch limit it states in the extension', async () => {
    const ops = Array.from({ length: 1001 }, () => ({ op: 'replace', path: 'title', value: 'x' }));
    const res = await c.call('PATCH', `/Users/${managerId}`, { schemas: [PATCH_OP], Operations: ops });
    expect(res.status).toBe(400);
    expect(res.body.scimType).toBe('tooMany');
  });
});

describe('/Schemas states the uniqueness the server enforces', () => {
  it('userName and emails.value (the login email) are server-unique, and a duplicate of each is 409', async () => {
    const schema = (await c.call('GET', `/Schemas/${USER_SCHEMA}`)).body;
    const attr = (name: string) => schema.attributes.find((a: Json) => a.name === name);
    expect(attr('userName').uniqueness).toBe('server');
    const emailValue = attr('emails').subAttributes.find((a: Json) => a.name === 'value');
    expect(emailValue.uniqueness).toBe('server');
    expect(emailValue.description).toContain('login email');
    const first = await c.call('POST', '/Users', { schemas: [USER_SCHEMA], userName: 'uniq-1', emails: [{ value: 'Uniq@x.example', primary: true }] });
    expect(first.status).toBe(201);
    const dupName = await c.call('POST', '/Users', { schemas: [USER_SCHEMA], userName: 'UNIQ-1' });
    const dupEmail = await c.call('POST', '/Users', { schemas: [USER_SCHEMA], userName: 'uniq-2', emails: [{ value: 'uniq@X.example', type: 'work' }] });
    for (const res of [dupName, dupEmail]) expect(res.body).toMatchObject({ status: '409', scimType: 'uniqueness' });
  });
});

/** A valid value of an attribute, for the table-driven PATCH test. */
function sampleOf(def: AttributeDef, path: string): unknown {
  if (path.endsWith(':manager')) return { value: managerId };
  if (def.name === 'emails') return [{ value: 'sample@x.example', type: 'work' }];
  if (def.name === 'active') return false;
  const scalar = (d: AttributeDef): unknown => {
    switch (d.type) {
      case 'boolean':
        return true;
      case 'integer':
      case 'decimal':
        return 7;
      case 'dateTime':
        return '2026-01-01T00:00:00Z';
      case 'reference':
        return 'https://x.example/profile';
      case 'binary':
        return 'YWJj';
      default:
        return 'sample';
    }
  };
  if (def.type !== 'complex') return scalar(def);
  const sub = def.subAttributes!.find((s) => s.name === 'value') ?? def.subAttributes!.find((s) => s.mutability === 'readWrite')!;
  const element = { [sub.name]: scalar(sub) };
  return def.multiValued ? [element] : element;
}

/** Every top-level attribute a client may write and remove: readWrite or immutable, not required, not write-only. */
function removable(resource: ResourceTypeDef): Array<{ path: string; def: AttributeDef }> {
  const out: Array<{ path: string; def: AttributeDef }> = [{ path: 'externalId', def: { name: 'externalId', type: 'string' } as AttributeDef }];
  for (const def of resource.schema.attributes) if (def.mutability === 'readWrite' && !def.required) out.push({ path: def.name, def });
  for (const ext of resource.extensions) for (const def of ext.attributes) if (def.mutability === 'readWrite') out.push({ path: `${ext.id}:${def.name}`, def });
  return out;
}

const valueAt = (doc: Json, path: string): unknown => {
  const at = path.lastIndexOf(':');
  return at < 0 ? doc[path] : doc[path.slice(0, at)]?.[path.slice(at + 1)];
};

describe('PATCH remove leaves the attribute unassigned (RFC 7644 §3.5.2.2)', () => {
  const cases = removable(USER_RESOURCE);

  it('covers the whole User schema', () => {
    expect(cases.map((x) => x.path)).toEqual(
      expect.arrayContaining(['active', 'title', 'emails', 'name', 'addresses', 'x509Certificates', `${ENTERPRISE}:manager`, `${ENTERPRISE}:department`]),
    );
    expect(cases.map((x) => x.path)).not.toContain('password');
    expect(cases.map((x) => x.path)).not.toContain('groups');
  });

  it.each(cases.map((x) => [x.path, x.def] as const))(
    'User %s',
    async (path, def) => {
      const value = sampleOf(def, path);
      const at = path.lastIndexOf(':');
      const body = at < 0 ? { [path]: value } : { [path.slice(0, at)]: { [path.slice(at + 1)]: value } };
      const made = await c.call('POST', '/Users', { schemas: [USER_SCHEMA, ENTERPRISE], userName: `rm-${path.replace(/[^a-zA-Z0-9]/g, '-')}`, ...body });
      expect(made.status).toBe(201);
      expect(valueAt(made.body, path)).toBeDefined();
      const res = await c.call('PATCH', `/Users/${made.body.id}?excludedAttributes=${encodeURIComponent('meta')}`, {
        schemas: [PATCH_OP],
        Operations: [{ op: 'remove', path }],
      });
      expect(res.status).toBe(200);
      const after = (await c.call('GET', `/Users/${made.body.id}`)).body;
      if (path === 'active') {
        // Unassigned `active` means active (docs/scim.md): the user created inactive is active again.
        expect(after.active).toBe(true);
      } else {
        expect(valueAt(after, path)).toBeUndefined();
      }
    },
    TEST_TIMEOUT_MS,
  );

  it(
    'refuses to remove the required userName and the read-only groups, changing nothing',
    async () => {
      const made = (await c.call('POST', '/Users', { schemas: [USER_SCHEMA], userName: 'rm-required', title: 'kept' })).body;
      for (const path of ['userName', 'groups', 'id']) {
        const res = await c.call('PATCH', `/Users/${made.id}`, {
          schemas: [PATCH_OP],
          Operations: [
            { op: 'remove', path: 'title' },
            { op: 'remove', path },
          ],
        });
        expect(res.status).toBe(400);
      }
      expect((await c.call('GET', `/Users/${made.id}`)).body).toMatchObject({ userName: 'rm-required', title: 'kept' });
    },
    TEST_TIMEOUT_MS,
  );

  it(
    'Group externalId and members',
    async () => {
      const member = (await c.call('POST', '/Users', { schemas: [USER_SCHEMA], userName: 'rm-member' })).body.id;
      const group = (await c.call('POST', '/Groups', { schemas: [GROUP_SCHEMA], displayName: 'rm-group', externalId: 'ext-rm', members: [{ value: member }] }))
        .body;
      expect(removable(GROUP_RESOURCE).map((x) => x.path)).toEqual(['externalId', 'members']);
      for (const path of ['externalId', 'members']) {
        expect((await c.call('PATCH', `/Groups/${group.id}`, { schemas: [PATCH_OP], Operations: [{ op: 'remove', path }] })).status).toBe(204);
      }
      const after = (await c.call('GET', `/Groups/${group.id}`)).body;
      expect(after.externalId).toBeUndefined();
      expect(after.members ?? []).toEqual([]);
    },
    TEST_TIMEOUT_MS,
  );
});

describe('filters strict clients send', () => {
  let two: string;
  let one: string;

  beforeAll(async () => {
    two = (
      await c.call('POST', '/Users', {
        schemas: [USER_SCHEMA],
        userName: 'ne-two',
        emails: [{ value: 'ne-a@x.example', primary: true }, { value: 'ne-b@x.example' }],
      })
    ).body.id;
    one = (await c.call('POST', '/Users', { schemas: [USER_SCHEMA], userName: 'ne-one', emails: [{ value: 'ne-b@x.example', primary: true }] })).body.id;
  }, TEST_TIMEOUT_MS);

  it(
    'ne on a multi-valued attribute holds when no value equals',
    async () => {
      const scoped = (f: string) => c.call('GET', `/Users?${q(`userName sw "ne-" and ${f}`)}`);
      expect(ids((await scoped('emails.value ne "ne-a@x.example"')).body)).toEqual([one]);
      expect(ids((await scoped('emails.value ne "NE-B@x.example"')).body)).toEqual([]);
      expect(ids((await scoped('emails ne "ne-c@x.example"')).body)).toEqual([one, two].sort());
      expect(ids((await scoped('emails[type eq "work" or primary eq true].value ne "ne-a@x.example"')).body)).toEqual([one]);
    },
    TEST_TIMEOUT_MS,
  );

  it(
    'not (...) through the root /.search negates on Users, and on Groups a term they lack',
    async () => {
      const group = (await c.call('POST', '/Groups', { schemas: [GROUP_SCHEMA], displayName: 'not-group' })).body.id;
      const search = (filter: string) => c.call('POST', '/.search', { schemas: [SEARCH], filter, count: 1000 });
      const everything = (await search('id pr')).body;
      const negated = await search('not (userName sw "ne-")');
      expect(negated.status).toBe(200);
      const all = ids(everything);
      expect(ids(negated.body)).toEqual(all.filter((id) => id !== one && id !== two));
      expect(ids(negated.body)).toContain(group);
      expect(ids((await search('userName sw "ne-" and not (emails.value eq "ne-a@x.example")')).body)).toEqual([one]);
      expect(ids((await search('not (not (userName eq "ne-one"))')).body)).toEqual([one]);
    },
    TEST_TIMEOUT_MS,
  );
});

describe('group PATCH remove by a filter joined with or', () => {
  it(
    'members[value eq "a" or value eq "b"] removes both, and only them',
    async () => {
      const [a, b, keep] = await Promise.all(
        ['or-a', 'or-b', 'or-keep'].map(async (userName) => (await c.call('POST', '/Users', { schemas: [USER_SCHEMA], userName })).body.id as string),
      );
      const group = (await c.call('POST', '/Groups', { schemas: [GROUP_SCHEMA], displayName: 'or-group', members: [a, b, keep].map((value) => ({ value })) }))
        .body;
      const res = await c.call('PATCH', `/Groups/${group.id}`, {
        schemas: [PATCH_OP],
        Operations: [{ op: 'remove', path: `members[value eq "${a}" or value eq "${b}"]` }],
      });
      expect(res.status).toBe(204);
      expect((await c.call('GET', `/Groups/${group.id}`)).body.members.map((m: Json) => m.value)).toEqual([keep]);
    },
    TEST_TIMEOUT_MS,
  );
});
