/**
 * HTTP + connected: what membership filters cost in DynamoDB, beside read-cost.test.ts.
 * A filter the planner cannot key (`ne`, `not`, an `or` with an unkeyed side) is
 * evaluated on every group (or user) of the tenant; its `members` (or `groups`)
 * terms must then cost no more than the named ids' own edges, whatever the
 * number of candidates: one Query per named id and at most MAX_NAMED_EDGES_READ
 * edges, or a 400 `tooMany` past that. Probing every (candidate, named id) pair
 * instead made 100 terms against a few thousand groups hundreds of thousands of
 * strongly consistent reads in one request.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MAX_FILTER_TERMS } from '../../shared/scim/filter/parser.js';
import { MAX_NAMED_EDGES_READ, MAX_PROBED_PAIRS } from '../../shared/scim/query/membership-edges.js';
import { keys } from '../../shared/storage/keys.js';
import { membershipItem } from '../../shared/teams/membership-repository.js';
import { teamItem } from '../../shared/teams/team-repository.js';
import type { Team } from '../../shared/teams/team.js';
import { userItem } from '../../shared/users/user-repository.js';
import { seededScimUser } from './seeded-user.js';
import { countOwnRequests, type RecordedRequest } from './request-counter.js';
import { ERROR_SCHEMA, startScimClient, type Json, type ScimTestClient } from './scim-client.js';

/** Groups and users seeded straight into the table: probing every pair would be GROUPS × 100 keys. */
const GROUPS = 300;
const USERS = 200;
/** The first ten named users are each in one group of their own. */
const MEMBERS_PLACED = 10;

let c: ScimTestClient;
let groups: Team[];
/** Every group of the tenant: the seeded ones and the big one. */
let allGroupIds: string[];
let users: string[];
/** The users the filters name, one per term. */
let named: string[];
/** A user in more teams than a filter may read the edges of. */
let hub: string;
/** A group whose member count is past what a filter may read. */
let bigGroup: string;
let scimAuth: number;

const sortedIds = (ids: string[]) => [...ids].sort();

beforeAll(async () => {
  c = await startScimClient('member-filter');
  const { tenantId, table } = c.tenant;
  const now = new Date().toISOString();
  // Short ids, as an attacker's would be: 100 terms naming UUIDs would not fit in a filter's 4,096 characters.
  users = Array.from({ length: USERS }, (_, i) => `u${i}`);
  const userItems = users.map((id) => seededScimUser(tenantId, id, now));
  named = users.slice(0, MAX_FILTER_TERMS);
  hub = users[USERS - 1]!;
  const outsider = users[USERS - 2]!;
  groups = Array.from({ length: GROUPS }, (_, i): Team => ({
    tenantId,
    id: `g${i}`,
    name: `seeded-${String(i).padStart(3, '0')}`,
    source: 'scim',
    // Group i < 10 holds named user i; group 0 also holds a user no filter names.
    memberCount: i === 0 ? 2 : i < MEMBERS_PLACED ? 1 : 0,
    createdAt: now,
    updatedAt: now,
    version: 1,
  }));
  bigGroup = randomUUID();
  const big: Team = { tenantId, id: bigGroup, name: 'big', source: 'scim', memberCount: MAX_NAMED_EDGES_READ + 1, createdAt: now, updatedAt: now, version: 1 };
  allGroupIds = [...groups.map((g) => g.id), bigGroup];
  const edge = (teamId: string, userId: string) => ({ put: membershipItem({ tenantId, teamId, userId, role: 'member' as const, addedAt: now }) });
  await table.batchWrite([
    ...userItems.map((u) => ({ put: userItem(u) })),
    ...[...groups, big].map((t) => ({ put: teamItem(t) })),
    ...groups.slice(0, MEMBERS_PLACED).map((g, i) => edge(g.id, named[i]!)),
    edge(groups[0]!.id, outsider),
    // The reverse index is all a `members` filter reads of its named users, so edges alone make the hub.
    ...Array.from({ length: MAX_NAMED_EDGES_READ + 1 }, () => edge(randomUUID(), hub)),
  ]);
  scimAuth = (await countOwnRequests(() => c.call('GET', '/ServiceProviderConfig'))).requests.length;
}, 120_000);

afterAll(() => c?.close());

/** The requests that read membership edges: probes by key, and Queries of a user's or a group's edges. */
function edgeReads(requests: RecordedRequest[]) {
  const groupPartition = `${keys.tenantPartition(c.tenant.tenantId)}#G#`;
  let count = 0;
  let items = 0;
  for (const r of requests) {
    if (r.command === 'QueryCommand') {
      const pk = String(r.input.ExpressionAttributeValues?.[':pk'] ?? '');
      if (pk.endsWith('#TEAMS') || pk.startsWith(groupPartition)) {
        count++;
        items += r.scanned ?? 0;
      }
    } else if (r.command === 'BatchGetCommand') {
      const requested = Object.values(r.input.RequestItems as Record<string, { Keys: Array<{ SK: string }> }>)[0]!.Keys;
      const edgeKeys = requested.filter((k) => k.SK.startsWith(keys.membershipPrefix));
      if (edgeKeys.length > 0) {
        count++;
        items += edgeKeys.length;
      }
    }
  }
  return { count, items };
}

const get = (path: string, filter: string) =>
  countOwnRequests(() => c.call('GET', `${path}${path.includes('?') ? '&' : '?'}filter=${encodeURIComponent(filter)}`));

/** The bound every membership filter keeps: one Query per named id, or one probe of at most 100 pairs; the edges read, at most the budget (+1 to see it is exceeded). */
function expectWithinBound(requests: RecordedRequest[]) {
  const reads = edgeReads(requests);
  expect(reads.count).toBeLessThanOrEqual(MAX_FILTER_TERMS);
  expect(reads.items).toBeLessThanOrEqual(Math.max(MAX_NAMED_EDGES_READ + 1, MAX_PROBED_PAIRS));
  return reads;
}

describe('membership filters read the named ids’ edges, never every pair', () => {
  it('GET /Groups with 100 "members ne" terms over 300 groups: one Query per named user, the answer exact', async () => {
    const filter = named.map((u) => `members ne "${u}"`).join(' and ');
    const { result, requests } = await get('/Groups?count=1&excludedAttributes=members', filter);
    expect(result.status).toBe(200);
    const unmatched = sortedIds(allGroupIds.slice(MEMBERS_PLACED));
    expect(result.body).toMatchObject({ totalResults: unmatched.length, itemsPerPage: 1, Resources: [{ id: unmatched[0] }] });
    const reads = expectWithinBound(requests);
    expect(reads).toEqual({ count: MAX_FILTER_TERMS, items: MEMBERS_PLACED });
    // Beyond authentication: the scan of the groups and those Queries, nothing else (the page's own members are excluded: reading them is the answer's cost, not the filter's).
    expect(requests.length - scimAuth).toBe(1 + MAX_FILTER_TERMS);
  });

  it('GET /Users with 100 "groups eq" terms over 200 users: the named groups, then only the non-empty ones’ edges', async () => {
    const filter = groups
      .slice(0, MAX_FILTER_TERMS)
      .map((g) => `groups eq "${g.id}"`)
      .join(' or ');
    const { result, requests } = await get('/Users?count=1', filter);
    expect(result.status).toBe(200);
    const members = sortedIds([...named.slice(0, MEMBERS_PLACED), users[USERS - 2]!]);
    expect(result.body).toMatchObject({ totalResults: members.length, itemsPerPage: 1, Resources: [{ id: members[0] }] });
    expect(expectWithinBound(requests)).toEqual({ count: MEMBERS_PLACED, items: MEMBERS_PLACED + 1 });
  });

  it('answers exactly what the terms say, in and out of the edges read', async () => {
    const ids = async (path: string, filter: string) => {
      const { result, requests } = await get(`${path}${path.includes('?') ? '&' : '?'}count=1000`, filter);
      expect(result.status, filter).toBe(200);
      expectWithinBound(requests);
      return sortedIds(result.body.Resources.map((r: Json) => r.id as string));
    };
    expect(await ids('/Groups?excludedAttributes=members', `not (members ne "${named[3]}")`)).toEqual([groups[3]!.id]);
    expect(await ids('/Groups?excludedAttributes=members', `members eq "${named[4]}" or displayName eq "seeded-299"`)).toEqual(
      sortedIds([groups[4]!.id, groups[299]!.id]),
    );
    expect(await ids('/Groups?excludedAttributes=members', `members ne "${users[USERS - 2]}" and members ne "${named[1]}"`)).toEqual(
      sortedIds(allGroupIds.slice(2)),
    );
    expect(await ids('/Users', `not (groups eq "${groups[0]!.id}") and groups ne "${groups[5]!.id}" and userName sw "u-"`)).toEqual(
      sortedIds(users.filter((u) => u !== named[0] && u !== users[USERS - 2] && u !== named[5])),
    );
  });

  it('the root /.search stays within twice the bound (it reads the Groups side for the count, then for the page)', async () => {
    const filter = named.map((u) => `members ne "${u}"`).join(' and ');
    const { result, requests } = await countOwnRequests(() =>
      c.call('POST', '/.search', { schemas: ['urn:ietf:params:scim:api:messages:2.0:SearchRequest'], filter, count: 1, excludedAttributes: ['members'] }),
    );
    expect(result.status).toBe(200);
    expect(result.body.totalResults).toBe(allGroupIds.length - MEMBERS_PLACED);
    expect(edgeReads(requests).count).toBeLessThanOrEqual(2 * MAX_FILTER_TERMS);
  });
});

describe('past the bound a membership filter is refused, not answered slowly', () => {
  it('a named member in more than 1,000 teams: 400 tooMany after one Query', async () => {
    const { result, requests } = await get('/Groups', `members ne "${hub}" and members ne "${named[0]}"`);
    expect(result.status).toBe(400);
    expect(result.body).toMatchObject({ schemas: [ERROR_SCHEMA], status: '400', scimType: 'tooMany' });
    expect(result.body.detail).toContain(`more than ${MAX_NAMED_EDGES_READ} groups`);
    expect(expectWithinBound(requests).count).toBe(1);
  });

  it('named groups with more than 1,000 members in all: 400 tooMany before any edge is read', async () => {
    const { result, requests } = await get('/Users', `groups eq "${bigGroup}" or groups eq "${groups[0]!.id}"`);
    expect(result.status).toBe(400);
    expect(result.body).toMatchObject({ schemas: [ERROR_SCHEMA], status: '400', scimType: 'tooMany' });
    expect(result.body.detail).toContain(`more than ${MAX_NAMED_EDGES_READ} members`);
    expect(edgeReads(requests)).toEqual({ count: 0, items: 0 });
  });

  it('a keyed lookup still probes its one pair, strongly consistent', async () => {
    const { result, requests } = await get('/Groups?excludedAttributes=members', `id eq "${groups[2]!.id}" and members eq "${named[2]}"`);
    expect(result.body).toMatchObject({ totalResults: 1, Resources: [{ id: groups[2]!.id }] });
    const probes = requests.filter((r) => r.command === 'BatchGetCommand' && JSON.stringify(r.input).includes('"SK":"M#'));
    expect(probes.map((r) => JSON.stringify(r.input))).toEqual([expect.stringContaining('"ConsistentRead":true')]);
    expect(edgeReads(requests)).toEqual({ count: 1, items: 1 });
  });
});
