/**
 * HTTP + connected: a group whose member count is one past the most a GET
 * answers with inline. PATCH adding and removing 1,000 members and
 * `GET ?excludedAttributes=members` work and never read the member list: every
 * DynamoDB request is recorded and none queries the group's edge collection.
 * That holds or fails at any size, and the refusal reads only the count the
 * group keeps, so the test stores a sample of edges (enough for several pages
 * of the collection) and sets the count past the cap; how the time scales to
 * 100,000 real members is the benchmark's (`npm run bench -- --only large-group`).
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MAX_MEMBERS_RETURNED } from '../../shared/scim/groups/scim-group-reads.js';
import { keys } from '../../shared/storage/keys.js';
import { membershipItem } from '../../shared/teams/membership-repository.js';
import { TeamRepository } from '../../shared/teams/team-repository.js';
import { userItem } from '../../shared/users/user-repository.js';
import { seededScimUser } from './seeded-user.js';
import { countOwnRequests, tally, type RecordedRequest } from './request-counter.js';
import { startTestGateway, type TestGateway } from '../support/gateway.js';
import { PATCH_OP, startScimClient, type ScimTestClient } from './scim-client.js';

/** What the group's count says: one past the cap. */
const SEEDED = MAX_MEMBERS_RETURNED + 1;
/** Edges actually stored: more than one page of the edge collection, so a read of it would be more than one query. */
const STORED_EDGES = 2_500;
const CHANGED = 1_000;
/**
 * What is counted here holds at any speed, and a 1,000-member PATCH on DynamoDB Local starved of CPU
 * (a loaded CI machine) can outlast the deployed 10-second timeout that DynamoDB never comes near.
 */
const FUNCTION_TIMEOUT_SECONDS = 60;
const TEST_TIMEOUT_MS = 2 * FUNCTION_TIMEOUT_SECONDS * 1000;
let gateway: TestGateway;
let c: ScimTestClient;
let groupId: string;
let newUserIds: string[];

async function inParallel<T>(items: T[], width: number, work: (item: T) => Promise<void>) {
  let next = 0;
  await Promise.all(
    Array.from({ length: width }, async () => {
      while (next < items.length) await work(items[next++]!);
    }),
  );
}

const readsMemberList = (requests: RecordedRequest[]) =>
  requests.some((r) => r.command === 'QueryCommand' && r.input.ExpressionAttributeValues?.[':pk'] === keys.teamMembers(c.tenant.tenantId, groupId));

beforeAll(async () => {
  gateway = await startTestGateway({ functionTimeoutSeconds: FUNCTION_TIMEOUT_SECONDS });
  c = await startScimClient('big', gateway);
  const created = await c.call('POST', '/Groups', { displayName: 'everyone-at-acme' });
  expect(created.status).toBe(201);
  groupId = created.body.id;
  const { tenantId, table } = c.tenant;
  const now = new Date().toISOString();
  const edges = Array.from({ length: STORED_EDGES }, () => ({
    put: membershipItem({ tenantId, teamId: groupId, userId: randomUUID(), role: 'member' as const, addedAt: now }),
  }));
  const chunks: (typeof edges)[] = [];
  for (let i = 0; i < edges.length; i += 500) chunks.push(edges.slice(i, i + 500));
  await inParallel(chunks, 8, (chunk) => table.batchWrite(chunk));
  await table.update({ Key: keys.team(tenantId, groupId), UpdateExpression: 'SET memberCount = :n', ExpressionAttributeValues: { ':n': SEEDED } });
  newUserIds = Array.from({ length: CHANGED }, () => randomUUID());
  const users = newUserIds.map((id) => seededScimUser(tenantId, id, now));
  await table.batchWrite(users.map((u) => ({ put: userItem(u) })));
});

afterAll(() => gateway?.close());

describe('a group too large to answer with its members', () => {
  it(
    'adds 1,000 members in one PATCH touching only their edges',
    async () => {
      const { result, requests } = await countOwnRequests(() =>
        c.call('PATCH', `/Groups/${groupId}`, {
          schemas: [PATCH_OP],
          Operations: [{ op: 'add', path: 'members', value: newUserIds.map((value) => ({ value })) }],
        }),
      );
      expect(result.status).toBe(204);
      expect(readsMemberList(requests)).toBe(false);
      // auth (1, and at most 2 last-used writes a minute) + group (1) + user check (10 BatchGets) + 11 chunk
      // transactions: new members' edges are written without being read (their conditions check they are new).
      expect(requests.length).toBeLessThanOrEqual(25);
      console.info('PATCH add 1,000 members:', requests.length, 'requests', tally(requests));
      expect(await new TeamRepository(c.tenant.table).get(c.tenant.tenantId, groupId)).toMatchObject({ memberCount: SEEDED + CHANGED });
    },
    TEST_TIMEOUT_MS,
  );

  it('answers GET ?excludedAttributes=members without reading any edge', async () => {
    const { result, requests } = await countOwnRequests(() => c.call('GET', `/Groups/${groupId}?excludedAttributes=members`));
    expect(result.status).toBe(200);
    expect(result.body).toMatchObject({ id: groupId, displayName: 'everyone-at-acme' });
    expect(result.body.members).toBeUndefined();
    expect(readsMemberList(requests)).toBe(false);
    expect(requests.length).toBeLessThanOrEqual(3);
    console.info('GET excludedAttributes=members:', requests.length, 'requests', tally(requests));
  });

  it('answers the membership check with key reads', async () => {
    const filter = encodeURIComponent(`id eq "${groupId}" and members eq "${newUserIds[7]}"`);
    const { result, requests } = await countOwnRequests(() => c.call('GET', `/Groups?filter=${filter}&excludedAttributes=members`));
    expect(result.body.totalResults).toBe(1);
    expect(readsMemberList(requests)).toBe(false);
    expect(requests.length).toBeLessThanOrEqual(4);
  });

  it('refuses to inline its members and says what to do instead', async () => {
    const { result, requests } = await countOwnRequests(() => c.call('GET', `/Groups/${groupId}`));
    expect(result.status).toBe(400);
    expect(result.body).toMatchObject({ scimType: 'tooMany' });
    expect(result.body.detail).toContain('excludedAttributes=members');
    expect(readsMemberList(requests)).toBe(false);
  });

  it(
    'removes the 1,000 members in one PATCH touching only their edges',
    async () => {
      const { result, requests } = await countOwnRequests(() =>
        c.call('PATCH', `/Groups/${groupId}`, {
          schemas: [PATCH_OP],
          Operations: newUserIds.map((value) => ({ op: 'remove', path: `members[value eq "${value}"]` })),
        }),
      );
      expect(result.status).toBe(204);
      expect(readsMemberList(requests)).toBe(false);
      // auth (1, and at most 2 last-used writes a minute) + group (1) + 11 chunk transactions, no edge read.
      expect(requests.length).toBeLessThanOrEqual(15);
      console.info('PATCH remove 1,000 members (1,000 operations):', requests.length, 'requests', tally(requests));
      expect(await new TeamRepository(c.tenant.table).get(c.tenant.tenantId, groupId)).toMatchObject({ memberCount: SEEDED });
    },
    TEST_TIMEOUT_MS,
  );
});
