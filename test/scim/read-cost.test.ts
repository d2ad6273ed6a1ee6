/**
 * HTTP + connected: what reads cost in DynamoDB requests, pinned exactly.
 * A SCIM point read and each IdP lookup are one request beyond authentication;
 * a User's `groups` is returned on request only (and then read); an index page
 * (`startIndex`) and an admin `offset` page cost the same requests and read the
 * same number of items at page 1 and page 100.
 *
 * The walks count requests, not time; their time limits are wide because the
 * suite shares one DynamoDB Local, whose transaction lock a heavy file beside
 * them (a 100,000-member group) can hold for a minute.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { keys } from '../../shared/storage/keys.js';
import { Transaction } from '../../shared/storage/transaction.js';
import { TeamRepository } from '../../shared/teams/team-repository.js';
import { userItem } from '../../shared/users/user-repository.js';
import { seededScimUser } from './seeded-user.js';
import { countOwnRequests, countRequests, isTokenTouch, type RecordedRequest } from './request-counter.js';
import { PATCH_OP, startScimClient, USER_SCHEMA, type Json, type ScimTestClient } from './scim-client.js';

const SEARCH = 'urn:ietf:params:scim:api:messages:2.0:SearchRequest';
/** Users seeded straight into the table, so page 100 of 5 exists. */
const SEEDED = 520;

let c: ScimTestClient;
let alpha: string;
let groupId: string;
/** Every user id of the tenant in key order: what the unfiltered pages must show. */
let ordered: string[];
/** Requests of an authenticated SCIM request that does nothing else. */
let scimAuth: number;

const measure = (call: () => Promise<{ status: number; body: Json }>) => countOwnRequests(call);

/** What a request did after authenticating, as `Command [index]`. */
const beyondAuth = (requests: RecordedRequest[], auth: number) =>
  requests.slice(auth).map((r) => `${r.command.replace(/Command$/, '')}${r.input.IndexName ? ` ${String(r.input.IndexName)}` : ''}`);

beforeAll(async () => {
  c = await startScimClient('cost');
  const created = await c.call('POST', '/Users', {
    schemas: [USER_SCHEMA],
    userName: 'Alpha',
    externalId: 'ext-alpha',
    emails: [{ value: 'alpha@cost.example', type: 'work', primary: true }],
  });
  expect(created.status).toBe(201);
  alpha = created.body.id;
  const group = await c.call('POST', '/Groups', { displayName: 'cost-group', members: [{ value: alpha }] });
  expect(group.status).toBe(201);
  groupId = group.body.id;

  const { tenantId, table } = c.tenant;
  const now = new Date().toISOString();
  const seeded = Array.from({ length: SEEDED }, () => seededScimUser(tenantId, randomUUID(), now));
  await table.batchWrite(seeded.map((u) => ({ put: userItem(u) })));
  await table.update({
    Key: keys.counterShard(tenantId, 'users', 0),
    UpdateExpression: 'ADD #t :n, #a :n',
    ExpressionAttributeNames: { '#t': 'total', '#a': 'active' },
    ExpressionAttributeValues: { ':n': SEEDED },
  });
  ordered = [c.tenant.adminUserId, alpha, ...seeded.map((u) => u.id)].sort();

  scimAuth = (await measure(() => c.call('GET', '/ServiceProviderConfig'))).requests.length;
}, 240_000);

afterAll(() => c?.close());

describe('point reads and IdP lookups', () => {
  it('GET /Users/{id} is one GetItem beyond authentication, without groups', async () => {
    const { result, requests } = await measure(() => c.call('GET', `/Users/${alpha}`));
    expect(result.status).toBe(200);
    expect(result.body.groups).toBeUndefined();
    expect(beyondAuth(requests, scimAuth)).toEqual(['Get']);
  });

  it.each([
    ['userName eq "ALPHA"', 'Query GSI1'],
    ['externalId eq "ext-alpha"', 'Query GSI2'],
    ['emails.value eq "Alpha@cost.example"', 'Query GSI3'],
    ['emails[type eq "work"].value eq "alpha@cost.example"', 'Query GSI3'],
    ['emails eq "alpha@cost.example"', 'Query GSI3'],
  ])('filter %s is one %s beyond authentication', async (filter, query) => {
    const { result, requests } = await measure(() => c.call('GET', `/Users?filter=${encodeURIComponent(filter)}`));
    expect(result.body).toMatchObject({ totalResults: 1, Resources: [{ id: alpha }] });
    expect(result.body.Resources[0].groups).toBeUndefined();
    expect(beyondAuth(requests, scimAuth)).toEqual([query]);
  });

  it('a lookup is still exact: the whole filter is evaluated on what the index returned', async () => {
    for (const filter of ['userName eq "alpha" and active eq false', 'externalId eq "EXT-ALPHA"', 'userName eq "nobody"']) {
      expect((await c.call('GET', `/Users?filter=${encodeURIComponent(filter)}`)).body, filter).toMatchObject({ totalResults: 0, Resources: [] });
    }
  });
});

describe('groups is returned on request', () => {
  const alphaGroups = () => [{ value: groupId, display: 'cost-group', type: 'direct', $ref: expect.stringContaining(`/Groups/${groupId}`) }];

  it('is published as returned "request" in /Schemas', async () => {
    const schema = (await c.call('GET', `/Schemas/${USER_SCHEMA}`)).body;
    expect(schema.attributes.find((a: { name: string }) => a.name === 'groups')).toMatchObject({ returned: 'request', mutability: 'readOnly' });
  });

  it('GET: absent by default and with excludedAttributes, present when asked (then read: edges and names)', async () => {
    expect((await c.call('GET', `/Users/${alpha}?excludedAttributes=emails`)).body.groups).toBeUndefined();
    const { result, requests } = await measure(() => c.call('GET', `/Users/${alpha}?attributes=groups`));
    expect(result.body).toEqual({ schemas: [USER_SCHEMA], id: alpha, groups: alphaGroups() });
    expect(beyondAuth(requests, scimAuth)).toEqual(['Get', 'Query GSI2', 'BatchGet']);
    expect((await c.call('GET', `/Users/${alpha}?attributes=userName,groups.display`)).body).toEqual({
      schemas: [USER_SCHEMA],
      id: alpha,
      userName: 'Alpha',
      groups: [{ display: 'cost-group' }],
    });
  });

  it('list and filter: absent by default, present when asked', async () => {
    const filter = `filter=${encodeURIComponent('userName eq "alpha"')}`;
    expect((await c.call('GET', `/Users?${filter}`)).body.Resources[0].groups).toBeUndefined();
    expect((await c.call('GET', `/Users?${filter}&attributes=userName,groups`)).body.Resources[0]).toEqual({
      schemas: [USER_SCHEMA],
      id: alpha,
      userName: 'Alpha',
      groups: alphaGroups(),
    });
    const at = `startIndex=${ordered.indexOf(alpha) + 1}&count=1`;
    expect((await c.call('GET', `/Users?${at}`)).body.Resources).toEqual([expect.objectContaining({ id: alpha, userName: 'Alpha' })]);
    expect((await c.call('GET', `/Users?${at}`)).body.Resources[0].groups).toBeUndefined();
    expect((await c.call('GET', `/Users?${at}&attributes=groups`)).body.Resources).toEqual([{ schemas: [USER_SCHEMA], id: alpha, groups: alphaGroups() }]);
  });

  it('.search on /Users and the root: absent by default, present when asked', async () => {
    const body = { schemas: [SEARCH], filter: 'userName eq "alpha"' };
    expect((await c.call('POST', '/Users/.search', body)).body.Resources[0].groups).toBeUndefined();
    expect((await c.call('POST', '/Users/.search', { ...body, attributes: ['groups'] })).body.Resources[0].groups).toEqual(alphaGroups());
    expect((await c.call('POST', '/.search', body)).body.Resources[0].groups).toBeUndefined();
    expect((await c.call('POST', '/.search', { ...body, attributes: ['groups'] })).body.Resources[0].groups).toEqual(alphaGroups());
  });

  it('answers of POST, PUT and PATCH read no groups unless asked', async () => {
    const posted = await measure(() => c.call('POST', '/Users', { schemas: [USER_SCHEMA], userName: 'beta' }));
    expect(posted.result.status).toBe(201);
    expect(posted.result.body.groups).toBeUndefined();
    expect(beyondAuth(posted.requests, scimAuth)).not.toContain('Query GSI2');
    expect((await c.call('DELETE', `/Users/${posted.result.body.id}`)).status).toBe(204);
    const put = await measure(() =>
      c.call('PUT', `/Users/${alpha}`, {
        schemas: [USER_SCHEMA],
        userName: 'Alpha',
        externalId: 'ext-alpha',
        emails: [{ value: 'alpha@cost.example', type: 'work', primary: true }],
        title: 'T',
      }),
    );
    expect(put.result.body).toMatchObject({ id: alpha, title: 'T' });
    expect(put.result.body.groups).toBeUndefined();
    expect(beyondAuth(put.requests, scimAuth)).not.toContain('Query GSI2');
    const patched = await c.call('PATCH', `/Users/${alpha}?attributes=groups,title`, {
      schemas: [PATCH_OP],
      Operations: [{ op: 'replace', path: 'title', value: 'T2' }],
    });
    expect(patched.body).toEqual({ schemas: [USER_SCHEMA], id: alpha, title: 'T2', groups: alphaGroups() });
  });

  // Regression (bug 6 in docs/reliability.md): a read after the create's commit could fail a create that succeeded.
  it('POST asking for groups answers none (empty, so omitted) with no read after its transaction', async () => {
    const posted = await measure(() => c.call('POST', '/Users?attributes=userName,groups', { schemas: [USER_SCHEMA], userName: 'gamma' }));
    expect(posted.result.status).toBe(201);
    expect(posted.result.body).toEqual({ schemas: [USER_SCHEMA], id: expect.any(String), userName: 'gamma' });
    expect(beyondAuth(posted.requests, scimAuth)).toEqual(['TransactWrite']);
    expect((await c.call('DELETE', `/Users/${posted.result.body.id}`)).status).toBe(204);
  });
});

/** The cost of one list page beyond authentication: its commands (in any order: some run in parallel) and the listing Query's reach. */
function pageCost(requests: RecordedRequest[], auth: number) {
  const partition = keys.tenantPartition(c.tenant.tenantId);
  const listing = requests.filter((r) => r.command === 'QueryCommand' && r.input.ExpressionAttributeValues?.[':pk'] === partition);
  return {
    commands: beyondAuth(requests, auth).sort(),
    listingLimits: listing.map((r) => r.input.Limit),
    itemsRead: listing.reduce((n, r) => n + (r.scanned ?? 0), 0),
  };
}

/** Starts a walk from no bookmarks (the tests above stored some, at positions no walk may reuse unawares). */
async function forgetBookmarks() {
  const { table, tenantId } = c.tenant;
  const pk = keys.pageBookmark(tenantId, '', 0).PK;
  const items = await table.queryAll({ KeyConditionExpression: 'PK = :pk', ExpressionAttributeValues: { ':pk': pk } });
  await table.batchWrite(items.map((i) => ({ delete: { PK: String(i.PK), SK: String(i.SK) } })));
}

describe('index pages (startIndex): page 100 costs what page 1 costs', () => {
  const COUNT = 4;
  beforeAll(forgetBookmarks);
  const scimPage = (page: number) => measure(() => c.call('GET', `/Users?startIndex=${(page - 1) * COUNT + 1}&count=${COUNT}`));

  it('a sequential walk reads each page from its bookmark: the same requests and items on every page', async () => {
    const first = await scimPage(1);
    const cost = pageCost(first.requests, scimAuth);
    expect(cost).toEqual({ commands: ['BatchGet', 'BatchWrite', 'Query', 'Query'], listingLimits: [COUNT], itemsRead: COUNT });
    const seen: string[] = first.result.body.Resources.map((r: Json) => r.id);
    for (let page = 2; page <= 100; page++) {
      const { result, requests } = await scimPage(page);
      expect(result.body).toMatchObject({ totalResults: SEEDED + 2, startIndex: (page - 1) * COUNT + 1, itemsPerPage: COUNT });
      expect(pageCost(requests, scimAuth), `page ${page}`).toEqual(cost);
      seen.push(...result.body.Resources.map((r: Json) => r.id));
    }
    expect(seen).toEqual(ordered.slice(0, 100 * COUNT));
  }, 240_000);

  it('a page read again writes nothing: page 1 and page 100 cost 3 requests beyond authentication', async () => {
    const one = await scimPage(1);
    const hundred = await scimPage(100);
    expect(pageCost(one.requests, scimAuth)).toEqual({ commands: ['BatchGet', 'Query', 'Query'], listingLimits: [COUNT], itemsRead: COUNT });
    expect(pageCost(hundred.requests, scimAuth)).toEqual(pageCost(one.requests, scimAuth));
    expect(hundred.result.body.Resources.map((r: Json) => r.id)).toEqual(ordered.slice(99 * COUNT, 100 * COUNT));
  });

  it('a first visit to a deep page counts from the start once, then is bookmarked', async () => {
    // Position 401 is on no page of the walk above (a bookmark serves its position whatever the count).
    const startIndex = 402;
    const count = 7;
    const first = await measure(() => c.call('GET', `/Users?startIndex=${startIndex}&count=${count}`));
    expect(first.result.body.Resources.map((r: Json) => r.id)).toEqual(ordered.slice(startIndex - 1, startIndex - 1 + count));
    expect(pageCost(first.requests, scimAuth)).toEqual({
      commands: ['BatchGet', 'BatchWrite', 'Query', 'Query'],
      listingLimits: [startIndex - 1 + count],
      itemsRead: startIndex - 1 + count,
    });
    const again = await measure(() => c.call('GET', `/Users?startIndex=${startIndex}&count=${count}`));
    expect(again.result.body).toEqual(first.result.body);
    expect(pageCost(again.requests, scimAuth)).toEqual({ commands: ['BatchGet', 'Query', 'Query'], listingLimits: [count], itemsRead: count });
  });

  it('past the end and count=0 read nothing of the listing', async () => {
    const past = await measure(() => c.call('GET', '/Users?startIndex=100000&count=10'));
    expect(past.result.body).toMatchObject({ totalResults: SEEDED + 2, Resources: [] });
    expect(pageCost(past.requests, scimAuth)).toEqual({ commands: ['BatchGet', 'Query'], listingLimits: [], itemsRead: 0 });
    const none = await measure(() => c.call('GET', '/Users?startIndex=400&count=0'));
    expect(pageCost(none.requests, scimAuth)).toEqual({ commands: ['Query'], listingLimits: [], itemsRead: 0 });
  });
});

describe('admin offset pages: page 100 costs what page 1 costs', () => {
  const LIMIT = 4;
  beforeAll(forgetBookmarks);
  const adminPage = async (page: number, extra = '') =>
    countRequests(async () => {
      const res = await c.gateway.request(`/api/svc/v1/users?limit=${LIMIT}&offset=${(page - 1) * LIMIT}${extra}`, { token: c.tenant.adminToken });
      return { status: res.status, body: (await res.json()) as Json };
    });
  /** Admin authentication's own requests, whatever they are: everything before the first bookmark read. */
  const adminAuthOf = (requests: RecordedRequest[]) => requests.findIndex((r) => r.command === 'BatchGetCommand' && JSON.stringify(r.input).includes('PAGES#'));

  it.each([
    ['active users (read a quarter ahead past deactivated ones)', '', LIMIT + 1],
    ['every user (showInvalidUsers=true)', '&showInvalidUsers=true', LIMIT],
  ])(
    '%s: the same requests and items on every page of a walk, in id order',
    async (_, extra, limit) => {
      const seen: string[] = [];
      let cost: ReturnType<typeof pageCost> | undefined;
      for (let page = 1; page <= 100; page++) {
        const { result, requests } = await adminPage(page, extra);
        expect(result.status).toBe(200);
        expect(result.body.pagination).toEqual({ total: SEEDED + 2, offset: (page - 1) * LIMIT, limit: LIMIT });
        const own = requests.filter((r) => !isTokenTouch(r));
        const pageCosts = pageCost(own, adminAuthOf(own));
        cost ??= pageCosts;
        expect(pageCosts, `page ${page}`).toEqual(cost);
        seen.push(...result.body.data.map((u: Json) => u.id));
      }
      expect(cost).toEqual({ commands: ['BatchGet', 'BatchWrite', 'Query', 'Query'], listingLimits: [limit], itemsRead: limit });
      expect(seen).toEqual(ordered.slice(0, 100 * LIMIT));
    },
    240_000,
  );

  it('skips a deactivated user within the read-ahead: the same requests, and the next bookmark moves past it', async () => {
    const victim = ordered[10]!;
    const { tenantId, table } = c.tenant;
    await table.update({ Key: keys.user(tenantId, victim), UpdateExpression: 'SET active = :f', ExpressionAttributeValues: { ':f': false } });
    try {
      const { result, requests } = await adminPage(3);
      expect(result.body.data.map((u: Json) => u.id)).toEqual(ordered.slice(8, 13).filter((id) => id !== victim));
      const own = requests.filter((r) => !isTokenTouch(r));
      expect(pageCost(own, adminAuthOf(own))).toEqual({
        commands: ['BatchGet', 'BatchWrite', 'Query', 'Query'],
        listingLimits: [LIMIT + 1],
        itemsRead: LIMIT + 1,
      });
      expect((await adminPage(4)).result.body.data.map((u: Json) => u.id)).toEqual(ordered.slice(13, 17));
    } finally {
      await table.update({ Key: keys.user(tenantId, victim), UpdateExpression: 'SET active = :t', ExpressionAttributeValues: { ':t': true } });
    }
  });
});

describe('group index pages', () => {
  it('count groups only (admin-made teams share the key range) and are read from bookmarks on the second walk', async () => {
    const { tenantId, table } = c.tenant;
    const now = new Date().toISOString();
    // One transaction each: a team's create bumps a random shard of the teams counter, and two in one
    // transaction may pick the same shard (DynamoDB refuses two operations on one item).
    for (let i = 0; i < 3; i++) {
      const tx = new Transaction(table);
      new TeamRepository(table).create(tx, {
        tenantId,
        id: randomUUID(),
        name: `admin-team-${i}`,
        source: 'api',
        memberCount: 0,
        createdAt: now,
        updatedAt: now,
        version: 1,
      });
      await tx.commit();
    }
    for (let i = 0; i < 5; i++) expect((await c.call('POST', '/Groups', { displayName: `paged-${i}` })).status).toBe(201);
    const groups = (await c.call('GET', '/Groups?count=100&excludedAttributes=members')).body.Resources.map((g: Json) => g.id);
    expect(groups).toHaveLength(6);
    const walk = async () => {
      const seen: string[] = [];
      const limits: unknown[][] = [];
      for (let startIndex = 1; startIndex <= 6; startIndex += 2) {
        const { result, requests } = await measure(() => c.call('GET', `/Groups?startIndex=${startIndex}&count=2&excludedAttributes=members`));
        expect(result.body).toMatchObject({ totalResults: 6, startIndex, itemsPerPage: 2 });
        seen.push(...result.body.Resources.map((g: Json) => g.id));
        // The total comes from the teams counter: no Query of the team range without a limit.
        limits.push(pageCost(requests, scimAuth).listingLimits);
      }
      return { seen, limits };
    };
    await forgetBookmarks();
    expect((await walk()).seen).toEqual(groups);
    const again = await walk();
    expect(again.seen).toEqual(groups);
    // Each page Queries 2 rows from its bookmark, then as many as admin teams took of them (never from the start).
    for (const limits of again.limits) {
      expect(limits[0]).toBe(2);
      expect(limits.every((l) => typeof l === 'number' && l <= 2)).toBe(true);
    }
  });

  it('keep totalResults exact from the counter as groups come and go, admin-made teams never counted', async () => {
    const { tenantId, table } = c.tenant;
    const total = async () => (await c.call('GET', '/Groups?count=0')).body.totalResults as number;
    const before = await total();
    const created = (await c.call('POST', '/Groups', { displayName: 'counted' })).body;
    expect(await total()).toBe(before + 1);

    const now = new Date().toISOString();
    const adminTeam = {
      tenantId,
      id: randomUUID(),
      name: 'admin-not-counted',
      source: 'api' as const,
      memberCount: 0,
      createdAt: now,
      updatedAt: now,
      version: 1,
    };
    const tx = new Transaction(table);
    new TeamRepository(table).create(tx, adminTeam);
    await tx.commit();
    expect(await total()).toBe(before + 1);

    expect((await c.call('DELETE', `/Groups/${created.id}`)).status).toBe(204);
    expect(await total()).toBe(before);
    expect(await new TeamRepository(table).count(tenantId)).toEqual({ total: expect.any(Number), scim: before });
    const { requests } = await measure(() => c.call('GET', '/Groups?count=0'));
    expect(pageCost(requests, scimAuth)).toEqual({ commands: ['Query'], listingLimits: [], itemsRead: 0 });
  });
});
