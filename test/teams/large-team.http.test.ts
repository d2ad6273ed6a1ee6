/**
 * A team of 5,000 members (the benchmark does 100,000) lists by page at constant
 * cost: the first page and the last page take the same number of DynamoDB
 * requests, and its three managers are one request away, never a scan of the
 * members. Five pages show it as well as twenty would: a listing that read its
 * way to a deep page would cost five times as much on the last. Edges are
 * seeded directly with BatchWrite to keep the suite fast.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dynamoDocumentClient } from '../../shared/storage/client.js';
import { Transaction } from '../../shared/storage/transaction.js';
import { membershipItem } from '../../shared/teams/membership-repository.js';
import { TeamRepository, teamItem } from '../../shared/teams/team-repository.js';
import type { Team } from '../../shared/teams/team.js';
import { startTestGateway, type TestGateway } from '../support/gateway.js';
import { createTestTenant, type TestTenant } from '../support/tenants.js';
import { API, bodyOf } from './support.js';

const MEMBERS = 5_000;
const PAGE = 1000;
const MANAGERS = new Set([17, 2_499, 4_998]);

let gateway: TestGateway;
let tenant: TestTenant;
let team: Team;
const commands: string[] = [];
const COUNTER = 'count-dynamodb-requests';

beforeAll(async () => {
  tenant = await createTestTenant({ prefix: 'bigteam', mode: 'invite-only' });
  gateway = await startTestGateway();
  const now = new Date().toISOString();
  team = { tenantId: tenant.tenantId, id: randomUUID(), name: 'huge', source: 'api', memberCount: 0, createdAt: now, updatedAt: now, version: 1 };
  const tx = new Transaction(tenant.table);
  new TeamRepository(tenant.table).create(tx, team);
  await tx.commit();
  const edges = Array.from({ length: MEMBERS }, (_, i) => ({
    put: membershipItem({
      tenantId: tenant.tenantId,
      teamId: team.id,
      userId: `u-${String(i).padStart(5, '0')}`,
      role: MANAGERS.has(i) ? 'manager' : 'member',
      addedAt: now,
    }),
  }));
  const lanes = 8;
  const perLane = Math.ceil(edges.length / lanes);
  await Promise.all(Array.from({ length: lanes }, (_, l) => tenant.table.batchWrite(edges.slice(l * perLane, (l + 1) * perLane))));
  team = { ...team, memberCount: MEMBERS };
  await tenant.table.put({ Item: teamItem(team) });

  dynamoDocumentClient().middlewareStack.add(
    (next, context) => async (args) => {
      commands.push(context.commandName ?? 'unknown');
      return next(args);
    },
    { step: 'initialize', name: COUNTER },
  );
}, 180_000);

afterAll(async () => {
  dynamoDocumentClient().middlewareStack.remove(COUNTER);
  await gateway?.close();
});

/** One page over HTTP and the DynamoDB commands it took. */
async function page(list: 'members' | 'managers', pageToken?: string) {
  commands.length = 0;
  const query = `limit=${PAGE}${pageToken ? `&pageToken=${encodeURIComponent(pageToken)}` : ''}`;
  const res = await gateway.request(`${API}/teams/${team.id}/${list}?${query}`, { token: tenant.adminToken });
  expect(res.status).toBe(200);
  const body = await bodyOf(res);
  return { body, commands: [...commands] };
}

describe('a team of 5,000 members', () => {
  it('lists every member exactly once, and the last page costs what the first does', async () => {
    const first = await page('members');
    expect(first.body.data).toHaveLength(PAGE);
    expect(first.body.pagination.total).toBe(MEMBERS);

    const seen = new Set<string>(first.body.data.map((m: { userId: string }) => m.userId));
    let token: string | undefined = first.body.pagination.nextPageToken;
    let lastToken: string | undefined;
    let pages = 1;
    while (token) {
      const next = await page('members', token);
      for (const m of next.body.data) seen.add(m.userId);
      expect(next.body.data.length).toBeGreaterThan(0); // no empty trailing page
      lastToken = token;
      token = next.body.pagination.nextPageToken;
      pages++;
    }
    expect(seen.size).toBe(MEMBERS);
    expect(pages).toBe(MEMBERS / PAGE);

    // Measured back to back, so both see the same state; the credential's lastUsedAt
    // write (at most once a minute) is not part of the list's cost and is left out.
    const reads = (commands: string[]) => commands.filter((c) => c !== 'UpdateItemCommand').sort();
    const firstAgain = await page('members');
    const last = await page('members', lastToken);
    expect(last.body.data).toHaveLength(PAGE);
    expect(last.body.pagination.nextPageToken).toBeUndefined();
    // Same requests, same count: auth reads, the team, one Query, one BatchGet per 100 members of the page.
    expect(reads(last.commands)).toEqual(reads(firstAgain.commands));
    expect(reads(firstAgain.commands).filter((c) => c === 'QueryCommand')).toHaveLength(1);
    expect(reads(firstAgain.commands).filter((c) => c === 'BatchGetItemCommand')).toHaveLength(1 + PAGE / 100);
  }, 120_000);

  it('lists its managers with one Query of the managers index, not a scan of the members', async () => {
    const managers = await page('managers');
    expect(managers.body.data.map((m: { userId: string; role: string }) => [m.userId, m.role]).sort()).toEqual(
      [...MANAGERS].map((i) => [`u-${String(i).padStart(5, '0')}`, 'manager']).sort(),
    );
    expect(managers.body.pagination.nextPageToken).toBeUndefined();
    expect(managers.commands.filter((c) => c === 'QueryCommand')).toHaveLength(1);
  });
});
