/**
 * HTTP: the protocol around the resources — authentication and mode, discovery
 * truthfulness, pagination (index and cursor), sorting, projection on writes,
 * ETags, search, Bulk, bad input, throttling.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dynamoDocumentClient } from '../../shared/storage/client.js';
import { UserRepository } from '../../shared/users/user-repository.js';
import { auditEvents } from '../support/audit.js';
import { startTestGateway, type TestGateway } from '../support/gateway.js';
import { createTestTenant } from '../support/tenants.js';
import { ENTERPRISE, ERROR_SCHEMA, PATCH_OP, startScimClient, USER_SCHEMA, type Json, type ScimTestClient } from './scim-client.js';

let gateway: TestGateway;
let c: ScimTestClient;
const ids: string[] = [];

beforeAll(async () => {
  gateway = await startTestGateway();
  c = await startScimClient('proto', gateway);
  for (const [i, name] of ['delta', 'Alpha', 'charlie', 'bravo', 'echo'].entries()) {
    const res = await c.call('POST', '/Users', {
      schemas: [USER_SCHEMA],
      userName: name,
      displayName: `${name} ${i}`,
      emails: [{ value: `${name}@ex.com`, type: 'work' }],
    });
    expect(res.status).toBe(201);
    ids.push(res.body.id);
  }
}, 60_000);
afterAll(() => gateway?.close());

describe('authentication and mode', () => {
  it("401 with a SCIM error without a token, with a wrong one, and with another tenant's", async () => {
    const other = await createTestTenant({ prefix: 'other' });
    for (const token of [undefined, 'prv_scim_nonsense', other.scimToken]) {
      const res = await gateway.request(`${c.base}/Users`, token ? { token } : {});
      expect(res.status).toBe(401);
      const body = await res.json();
      expect(body).toMatchObject({ schemas: [ERROR_SCHEMA], status: '401' });
      expect(JSON.stringify(body)).not.toContain(other.tenantId);
    }
  });

  it('403 when the tenant is not in SCIM mode', async () => {
    const invite = await createTestTenant({ prefix: 'inv', mode: 'invite-only' });
    // A SCIM token issued before the mode changed.
    const { issueScimToken } = await import('../../shared/tokens/scim-tokens.js');
    const { token } = await issueScimToken(invite.table, { tenantId: invite.tenantId, actorId: invite.adminUserId });
    const res = await gateway.request(`/scim/v2/${invite.tenantId}/Users`, { token });
    expect(res.status).toBe(403);
    expect(await res.json()).toMatchObject({ status: '403', detail: expect.stringContaining('SCIM provisioning is not enabled') });
  });
});

describe('discovery', () => {
  it('advertises what is enforced', async () => {
    const spc = (await c.call('GET', '/ServiceProviderConfig')).body;
    expect(spc).toMatchObject({
      schemas: [
        'urn:ietf:params:scim:schemas:core:2.0:ServiceProviderConfig',
        'urn:provisioning-service:params:scim:schemas:extension:limits:2.0:ServiceProviderConfig',
      ],
      patch: { supported: true },
      bulk: { supported: true, maxOperations: 50, maxPayloadSize: 1048576 },
      filter: { supported: true, maxResults: 1000 },
      sort: { supported: true },
      etag: { supported: true },
      changePassword: { supported: false },
      pagination: { cursor: true, index: true, defaultPageSize: 100, maxPageSize: 1000, cursorTimeout: 3600 },
      'urn:provisioning-service:params:scim:schemas:extension:limits:2.0:ServiceProviderConfig': {
        patchMaxOperations: 1000,
        bulkTimeBudgetSeconds: 6,
        groupMembersMaxReturned: 20000,
        membershipFilterMaxEdges: 1000,
      },
    });
    expect(spc.patch).toEqual({ supported: true });
    expect((await c.call('GET', '/Users?count=5000')).body.itemsPerPage).toBeLessThanOrEqual(1000);
    expect((await c.call('GET', '/ResourceTypes/User')).body).toMatchObject({ id: 'User', schema: USER_SCHEMA });
    expect((await c.call('GET', '/ResourceTypes/Nope')).status).toBe(404);
    expect((await c.call('GET', '/Schemas?filter=id%20pr')).status).toBe(403);
  });
});

describe('pagination', () => {
  it('index pages are stable with exact totals; count=0 gives the total only; past the end is empty', async () => {
    const first = (await c.call('GET', '/Users?startIndex=1&count=4')).body;
    const second = (await c.call('GET', '/Users?startIndex=5&count=4')).body;
    expect(first).toMatchObject({ totalResults: 6, itemsPerPage: 4, startIndex: 1 });
    expect(second).toMatchObject({ totalResults: 6, itemsPerPage: 2, startIndex: 5 });
    const all = [...first.Resources, ...second.Resources].map((r: { id: string }) => r.id);
    expect(new Set(all).size).toBe(6);
    expect((await c.call('GET', '/Users?count=0')).body).toMatchObject({ totalResults: 6, itemsPerPage: 0, Resources: [] });
    expect((await c.call('GET', '/Users?startIndex=50')).body).toMatchObject({ totalResults: 6, Resources: [] });
    expect((await c.call('GET', '/Users?startIndex=abc')).status).toBe(400);
  });

  it('cursor pages cover everything once and cursors are bound to tenant and query', async () => {
    const seen: string[] = [];
    let cursor = '';
    for (let i = 0; i < 10; i++) {
      const page = (await c.call('GET', `/Users?count=2&cursor=${encodeURIComponent(cursor)}`)).body;
      expect(page.totalResults).toBe(6);
      seen.push(...page.Resources.map((r: { id: string }) => r.id));
      if (!page.nextCursor) break;
      cursor = page.nextCursor;
    }
    expect(new Set(seen).size).toBe(6);
    const page = (await c.call('GET', '/Users?count=2&cursor=')).body;
    const other = await startScimClient('cur', gateway);
    expect((await other.call('GET', `/Users?cursor=${encodeURIComponent(page.nextCursor)}`)).body).toMatchObject({ status: '400', scimType: 'invalidCursor' });
    expect((await c.call('GET', `/Users?filter=userName%20pr&cursor=${encodeURIComponent(page.nextCursor)}`)).body).toMatchObject({
      scimType: 'invalidCursor',
    });
    expect((await c.call('GET', `/Users?cursor=${encodeURIComponent(page.nextCursor.slice(0, -2))}xx`)).body).toMatchObject({ scimType: 'invalidCursor' });
    expect((await c.call('GET', `/Users?cursor=x&startIndex=2`)).status).toBe(400);
  });

  it('cursor pages a filtered, sorted query too', async () => {
    const q = `filter=${encodeURIComponent('emails.value ew "@ex.com"')}&sortBy=userName&count=2`;
    const one = (await c.call('GET', `/Users?${q}&cursor=`)).body;
    const two = (await c.call('GET', `/Users?${q}&cursor=${encodeURIComponent(one.nextCursor)}`)).body;
    const three = (await c.call('GET', `/Users?${q}&cursor=${encodeURIComponent(two.nextCursor)}`)).body;
    expect([...one.Resources, ...two.Resources, ...three.Resources].map((r: { userName: string }) => r.userName)).toEqual([
      'Alpha',
      'bravo',
      'charlie',
      'delta',
      'echo',
    ]);
    expect(three.nextCursor).toBeUndefined();
  });
});

describe('key lookups', () => {
  it("answers the IdP lookups without reading the tenant's partition", async () => {
    const { countOwnRequests } = await import('./request-counter.js');
    const { keys } = await import('../../shared/storage/keys.js');
    const partition = keys.tenantPartition(c.tenant.tenantId);
    for (const filter of ['userName eq "ALPHA"', 'emails[type eq "work"].value eq "alpha@ex.com"', `id eq "${ids[1]}"`, 'externalId eq nothing']) {
      const { result, requests } = await countOwnRequests(() => c.call('GET', `/Users?filter=${encodeURIComponent(filter)}`));
      expect(result.status, filter).toBe(200);
      expect(
        requests.some((r) => r.command === 'QueryCommand' && r.input.ExpressionAttributeValues?.[':pk'] === partition),
        filter,
      ).toBe(false);
      // Authentication and the lookup (exact commands: read-cost.test.ts).
      expect(requests.length, filter).toBe(2);
    }
  });
});

describe('sorting, projection, search', () => {
  it('sorts by userName case-insensitively, both ways', async () => {
    const names = async (order: string) =>
      (
        await c.call('GET', `/Users?filter=${encodeURIComponent('emails.value ew "@ex.com"')}&sortBy=userName&sortOrder=${order}&attributes=userName`)
      ).body.Resources.map((r: { userName: string }) => r.userName);
    expect(await names('ascending')).toEqual(['Alpha', 'bravo', 'charlie', 'delta', 'echo']);
    expect(await names('descending')).toEqual(['echo', 'delta', 'charlie', 'bravo', 'Alpha']);
    expect((await c.call('GET', '/Users?sortBy=name')).body).toMatchObject({ status: '400', scimType: 'invalidValue' });
  });

  it('applies attributes and excludedAttributes to reads and writes', async () => {
    const created = await c.call('POST', '/Users?attributes=userName', { userName: 'proj', title: 'T', [ENTERPRISE]: { department: 'D' } });
    expect(created.status).toBe(201);
    expect(Object.keys(created.body).sort()).toEqual(['id', 'schemas', 'userName']);
    const patched = await c.call('PATCH', `/Users/${created.body.id}?excludedAttributes=meta,emails,${ENTERPRISE}`, {
      schemas: [PATCH_OP],
      Operations: [{ op: 'add', path: 'nickName', value: 'p' }],
    });
    expect(patched.body.meta).toBeUndefined();
    expect(patched.body[ENTERPRISE]).toBeUndefined();
    expect(patched.body).toMatchObject({ nickName: 'p', title: 'T' });
    expect((await c.call('GET', `/Users/${created.body.id}?attributes=name.givenName,emails.value`)).body).toEqual({
      schemas: [USER_SCHEMA, ENTERPRISE],
      id: created.body.id,
    });
  });

  it('searches by POST on /Users, /Groups and the root', async () => {
    const users = await c.call('POST', '/Users/.search', {
      schemas: ['urn:ietf:params:scim:api:messages:2.0:SearchRequest'],
      filter: 'userName sw "b" or userName sw "c"',
      attributes: ['userName'],
      sortBy: 'userName',
    });
    expect(users.body.Resources.map((r: { userName: string }) => r.userName)).toEqual(['bravo', 'charlie']);
    await c.call('POST', '/Groups', { displayName: 'search-me' });
    const root = await c.call('POST', '/.search', {
      schemas: ['urn:ietf:params:scim:api:messages:2.0:SearchRequest'],
      filter: 'displayName sw "search" or userName eq "echo"',
    });
    expect(root.body.totalResults).toBe(2);
    expect(root.body.Resources.map((r: { schemas: string[] }) => r.schemas[0])).toEqual([USER_SCHEMA, 'urn:ietf:params:scim:schemas:core:2.0:Group']);
    expect((await c.call('POST', '/Users/.search', { filter: 'userName eq "x"', bogus: 1 })).status).toBe(400);
  });

  it('pages the root search across the Users–Groups boundary without a gap or a repeat', async () => {
    const own = await startScimClient('rootpage', gateway);
    // The tenant's seeded admin is a user too: 4 users, then 3 groups.
    for (const name of ['u1', 'u2', 'u3']) expect((await own.call('POST', '/Users', { schemas: [USER_SCHEMA], userName: name })).status).toBe(201);
    for (const name of ['g1', 'g2', 'g3']) expect((await own.call('POST', '/Groups', { displayName: name })).status).toBe(201);
    const all = await own.call('POST', '/.search', { count: 100 });
    expect(all.body.totalResults).toBe(7);
    const everyone = all.body.Resources.map((r: { id: string }) => r.id);
    expect(all.body.Resources.map((r: { schemas: string[] }) => r.schemas[0] === USER_SCHEMA)).toEqual([true, true, true, true, false, false, false]);
    for (const count of [1, 2, 3]) {
      const paged: string[] = [];
      for (let startIndex = 1; startIndex <= 8; startIndex += count) {
        const page = await own.call('POST', '/.search', { startIndex, count });
        expect(page.body).toMatchObject({ totalResults: 7, startIndex, itemsPerPage: Math.max(0, Math.min(count, 8 - startIndex)) });
        paged.push(...page.body.Resources.map((r: { id: string }) => r.id));
      }
      expect(paged).toEqual(everyone);
    }
    expect((await own.call('POST', '/.search', { count: 0 })).body).toMatchObject({ totalResults: 7, itemsPerPage: 0, Resources: [] });
  });
});

describe('ETags', () => {
  it('304 on a matching If-None-Match; 412 on a stale If-Match for PUT, PATCH and DELETE', async () => {
    const got = await c.call('GET', `/Users/${ids[0]}`);
    const etag = got.headers.get('etag')!;
    expect(etag).toBe(got.body.meta.version);
    expect((await c.call('GET', `/Users/${ids[0]}`, undefined, { 'if-none-match': etag })).status).toBe(304);
    const patched = await c.call(
      'PATCH',
      `/Users/${ids[0]}`,
      { schemas: [PATCH_OP], Operations: [{ op: 'replace', path: 'title', value: 'v2' }] },
      { 'if-match': etag },
    );
    expect(patched.status).toBe(200);
    for (const [method, body] of [
      ['PATCH', { schemas: [PATCH_OP], Operations: [{ op: 'replace', path: 'title', value: 'v3' }] }],
      ['PUT', { userName: 'delta' }],
      ['DELETE', undefined],
    ] as const) {
      expect((await c.call(method, `/Users/${ids[0]}`, body, { 'if-match': etag })).status).toBe(412);
    }
    expect((await c.call('GET', `/Users/${ids[0]}`)).body.title).toBe('v2');
  });
});

describe('bad input', () => {
  it('413 for an oversized body, 400 invalidSyntax for malformed JSON, nothing written', async () => {
    const before = (await c.call('GET', '/Users?count=0')).body.totalResults;
    const big = await c.call('POST', '/Users', { userName: 'big', title: 'x'.repeat(1_100_000) });
    expect(big.status).toBe(413);
    expect((await c.call('POST', '/Users', '{"userName": "x",')).body).toMatchObject({ status: '400', scimType: 'invalidSyntax' });
    expect((await c.call('GET', '/Users?count=0')).body.totalResults).toBe(before);
  });

  it('413 for a user too large to store, though its body is under 1 MiB', async () => {
    const res = await c.call('POST', '/Users', {
      userName: 'heavy',
      phoneNumbers: Array.from({ length: 20 }, (_, i) => ({ value: `${i}`.padEnd(10_000, '0') })),
    });
    expect(res.status).toBe(413);
    expect(res.body.detail).toContain('at most 150000 can be stored');
    expect(
      (await c.call('POST', '/Users', { userName: 'many-emails', emails: Array.from({ length: 21 }, (_, i) => ({ value: `e${i}@x.com` })) })).body,
    ).toMatchObject({ status: '400', scimType: 'invalidValue' });
  });

  it('answers hostile lengths with 4xx or an empty result, never a 500 (values too long for a key)', async () => {
    const long = 'x'.repeat(3000);
    for (const filter of [`userName eq "${long}"`, `externalId eq "${long}"`, `emails.value eq "${long}"`, `id eq "${long}"`]) {
      expect((await c.call('GET', `/Users?filter=${encodeURIComponent(filter)}`)).body, filter.slice(0, 20)).toMatchObject({ totalResults: 0 });
    }
    expect((await c.call('GET', `/Groups?filter=${encodeURIComponent(`members eq "${long}"`)}`)).body).toMatchObject({ totalResults: 0 });
    expect((await c.call('GET', `/Users/${long.slice(0, 300)}`)).status).toBe(400);
    expect((await c.call('POST', '/Users', { userName: 'long-ext', externalId: long.slice(0, 600) })).body).toMatchObject({
      status: '400',
      scimType: 'invalidValue',
    });
    expect((await c.call('POST', '/Users', { userName: 'long-mail', emails: [{ value: `${long}@x.com` }] })).body).toMatchObject({
      status: '400',
      scimType: 'invalidValue',
    });
    const bulk = await c.call('POST', '/Bulk', {
      schemas: ['urn:ietf:params:scim:api:messages:2.0:BulkRequest'],
      Operations: [{ method: 'DELETE', path: `/Users/${long}` }],
    });
    expect(bulk.body.Operations[0].status).toBe('404');
  });

  it('accepts application/json as well', async () => {
    const res = await c.call('POST', '/Users', { userName: 'json-user' }, { 'content-type': 'application/json' });
    expect(res.status).toBe(201);
  });

  it('409 uniqueness for a taken userName in another case, and for a taken group name', async () => {
    expect((await c.call('POST', '/Users', { userName: 'ALPHA' })).body).toMatchObject({ status: '409', scimType: 'uniqueness' });
    await c.call('POST', '/Groups', { displayName: 'dup-group' });
    expect((await c.call('POST', '/Groups', { displayName: 'Dup-Group' })).body).toMatchObject({ status: '409', scimType: 'uniqueness' });
  });

  it('400 for a group without a displayName (any name syncs: group-names.test.ts)', async () => {
    const res = await c.call('POST', '/Groups', { displayName: '' });
    expect(res.body).toMatchObject({ status: '400', scimType: 'invalidValue' });
    expect(res.body.detail).toContain('displayName');
  });

  it('a PATCH with one failing operation leaves the user unchanged', async () => {
    const before = await new UserRepository(c.tenant.table).get(c.tenant.tenantId, ids[1]!);
    const res = await c.call('PATCH', `/Users/${ids[1]}`, {
      schemas: [PATCH_OP],
      Operations: [
        { op: 'replace', path: 'displayName', value: 'changed' },
        { op: 'replace', path: 'emails[type eq "work"].primary', value: 'perhaps' },
      ],
    });
    expect(res.body).toMatchObject({ status: '400', scimType: 'invalidValue' });
    expect(await new UserRepository(c.tenant.table).get(c.tenant.tenantId, ids[1]!)).toEqual(before);
  });

  it('429 with Retry-After when DynamoDB throttles, and nothing half-written', async () => {
    const client = dynamoDocumentClient();
    const original = client.send;
    client.send = ((command: { constructor: { name: string } }, ...rest: unknown[]) => {
      if (command.constructor.name === 'TransactWriteCommand') {
        return Promise.reject(Object.assign(new Error('Rate exceeded'), { name: 'ThrottlingException', $metadata: {} }));
      }
      return (original as (...a: unknown[]) => Promise<unknown>).call(client, command, ...rest);
    }) as typeof client.send;
    try {
      const res = await c.call('POST', '/Users', { userName: 'throttled' });
      expect(res.status).toBe(429);
      expect(res.headers.get('retry-after')).toBeTruthy();
    } finally {
      client.send = original;
    }
    expect((await c.call('GET', '/Users?filter=userName%20eq%20%22throttled%22')).body.totalResults).toBe(0);
  });
});

describe('Bulk', () => {
  it('runs operations in order with bulkId references, forward references and per-operation errors', async () => {
    const res = await c.call('POST', '/Bulk', {
      schemas: ['urn:ietf:params:scim:api:messages:2.0:BulkRequest'],
      Operations: [
        { method: 'POST', path: '/Groups', bulkId: 'g1', data: { displayName: 'bulk-group', members: [{ value: 'bulkId:u1' }] } },
        { method: 'POST', path: '/Users', bulkId: 'u1', data: { userName: 'bulk-user' } },
        { method: 'PATCH', path: '/Users/bulkId:u1', data: { schemas: [PATCH_OP], Operations: [{ op: 'replace', path: 'active', value: false }] } },
        { method: 'POST', path: '/Users', bulkId: 'dup', data: { userName: 'alpha' } },
        { method: 'DELETE', path: '/Users/bulkId:missing' },
      ],
    });
    expect(res.status).toBe(200);
    const ops = res.body.Operations;
    expect(ops.map((o: { status: string }) => o.status)).toEqual(['201', '201', '200', '409', '409']);
    const group = await c.call('GET', new URL(ops.find((o: { bulkId?: string }) => o.bulkId === 'g1').location).pathname);
    const user = ops.find((o: { bulkId?: string }) => o.bulkId === 'u1');
    expect(group.body.members).toEqual([expect.objectContaining({ value: user.location.split('/').pop() })]);
    expect(ops.find((o: { bulkId?: string }) => o.bulkId === 'dup').response).toMatchObject({ scimType: 'uniqueness' });
  });

  it('stops after failOnErrors failures and refuses more than maxOperations with 413', async () => {
    const res = await c.call('POST', '/Bulk', {
      schemas: ['urn:ietf:params:scim:api:messages:2.0:BulkRequest'],
      failOnErrors: 1,
      Operations: [
        { method: 'POST', path: '/Users', bulkId: 'a', data: { userName: 'alpha' } },
        { method: 'POST', path: '/Users', bulkId: 'b', data: { userName: 'never-made' } },
      ],
    });
    expect(res.body.Operations).toHaveLength(1);
    expect((await c.call('GET', '/Users?filter=userName%20eq%20%22never-made%22')).body.totalResults).toBe(0);
    const tooMany = await c.call('POST', '/Bulk', {
      schemas: ['urn:ietf:params:scim:api:messages:2.0:BulkRequest'],
      Operations: Array.from({ length: 51 }, (_, i) => ({ method: 'DELETE', path: `/Users/x${i}` })),
    });
    expect(tooMany.status).toBe(413);
  });
});

describe('users', () => {
  it("DELETE removes the user's memberships; a deactivated user is still listed", async () => {
    const user = (await c.call('POST', '/Users', { userName: 'leaver', active: false })).body;
    expect((await c.call('GET', '/Users?filter=active%20eq%20false')).body.Resources.map((r: { id: string }) => r.id)).toContain(user.id);
    const group = (await c.call('POST', '/Groups', { displayName: 'leavers', members: [{ value: user.id }] })).body;
    expect((await c.call('DELETE', `/Users/${user.id}`)).status).toBe(204);
    expect((await c.call('GET', `/Users/${user.id}`)).status).toBe(404);
    expect((await c.call('GET', `/Groups/${group.id}`)).body.members).toEqual([]);
  });

  it('marks SCIM users as such and records an audit event for every change', async () => {
    const user = (await c.call('POST', '/Users', { userName: 'audited', password: 'Secret123!' })).body;
    await c.call('PATCH', `/Users/${user.id}`, { schemas: [PATCH_OP], Operations: [{ op: 'replace', path: 'active', value: false }] });
    const stored = await new UserRepository(c.tenant.table).get(c.tenant.tenantId, user.id);
    expect(stored).toMatchObject({ source: 'scim', role: 'tenant-member', active: false });
    const events = (await auditEvents(c.tenant.table, c.tenant.tenantId)) as Json[];
    const mine = events.filter((e) => e.target?.id === user.id);
    expect(mine.map((e) => e.action).sort()).toEqual(['user.created', 'user.deactivated']);
    expect(mine.every((e) => e.actor.type === 'scim')).toBe(true);
    expect(JSON.stringify(mine)).not.toContain('Secret123!');
    expect(mine.find((e) => e.action === 'user.deactivated')!.changes).toEqual({ before: { active: true }, after: { active: false } });
  });
});
