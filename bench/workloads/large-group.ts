/**
 * Benchmark 3: one group with a very large membership. Its edges (and the
 * users a PATCH adds) are seeded straight into the table; then, over HTTP: PATCH
 * adding `change` members, PATCH removing them again, `GET
 * ?excludedAttributes=members`, and the admin API listing every member page by
 * page. Floors, measured on the same group: writing `change` edges with
 * BatchWriteItem (adding them), and one Query page of the edge collection
 * (listing a page).
 */
import { randomUUID } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { createTestTenant } from '../../test/support/tenants.js';
import { keys } from '../../shared/storage/keys.js';
import { Table } from '../../shared/storage/table.js';
import { membershipItem } from '../../shared/teams/membership-repository.js';
import { userItem } from '../../shared/users/user-repository.js';
import { adminClient, scimClient, SCIM_GROUP, SCIM_PATCH } from '../harness/api-client.js';
import type { DynamoMeter, MeterTotals } from '../harness/dynamo-meter.js';
import { chunk, inPool } from '../harness/pool.js';
import { median, summarize, type Summary } from '../harness/stats.js';
import { patchAddMembers } from './initial-sync.js';

export interface LargeGroupOptions {
  gatewayUrl: string;
  meter: DynamoMeter;
  members: number;
  change: number;
  /** Add/remove cycles. */
  cycles: number;
}

export interface TimedCost {
  name: string;
  samples: number;
  latencyMs: Summary;
  requests: number;
  byCommand: Record<string, number>;
  capacity: number;
  /** Median latency over the floor's median latency. */
  ratio?: number;
}

export interface LargeGroupResult {
  members: number;
  change: number;
  seedMs: number;
  floors: { writeEdges: TimedCost; queryPage: TimedCost };
  operations: TimedCost[];
  listing: { pageSize: number; pages: number; firstPage: TimedCost; lastPage: TimedCost; allPages: TimedCost; ratio: number };
}

const LIST_PAGE = 1000;

export async function runLargeGroup(options: LargeGroupOptions): Promise<LargeGroupResult> {
  const { meter } = options;
  const tenant = await createTestTenant({ prefix: 'bench-big', mode: 'scim' });
  const { tenantId } = tenant;
  const scim = scimClient(options.gatewayUrl, tenantId, tenant.scimToken!);
  const admin = adminClient(options.gatewayUrl, tenant.adminToken);
  const table = new Table();
  const groupId = (await scim.call<{ id: string }>('POST', '/Groups', { schemas: [SCIM_GROUP], displayName: 'everyone-large' }, [201])).body.id;

  const now = new Date().toISOString();
  const seedStarted = performance.now();
  meter.pause();
  const seeded = Array.from({ length: options.members }, () => ({
    put: membershipItem({ tenantId, teamId: groupId, userId: randomUUID(), role: 'member', addedAt: now }),
  }));
  await inPool(chunk(seeded, 25), 8, (batch) => table.batchWrite(batch));
  await table.update({ Key: keys.team(tenantId, groupId), UpdateExpression: 'SET memberCount = :n', ExpressionAttributeValues: { ':n': options.members } });
  const newIds = Array.from({ length: options.change }, () => randomUUID());
  await inPool(chunk(newIds, 25), 8, (ids) =>
    table.batchWrite(
      ids.map((id) => ({
        put: userItem({
          tenantId,
          id,
          userName: `big-${id}`,
          emails: [],
          active: true,
          role: 'tenant-member',
          source: 'scim',
          inviteAccepted: true,
          hasPassword: false,
          createdAt: now,
          updatedAt: now,
          version: 1,
        }),
      })),
    ),
  );
  meter.resume();
  const seedMs = performance.now() - seedStarted;

  // Floor for adding: the same number of edges written straight, in a scratch group of the same tenant.
  const floorGroup = randomUUID();
  const writeEdges = await timed(meter, `BatchWriteItem ${options.change} edges (floor)`, options.cycles, async () => {
    const edges = newIds.map((userId) => ({ put: membershipItem({ tenantId, teamId: floorGroup, userId, role: 'member', addedAt: now }) }));
    await table.batchWrite(edges);
  });
  const queryPage = await timed(meter, `Query one page of ${LIST_PAGE} edges (floor)`, options.cycles * 3, () =>
    table.query({
      KeyConditionExpression: 'PK = :pk AND begins_with(SK, :m)',
      ExpressionAttributeValues: { ':pk': keys.teamMembers(tenantId, groupId), ':m': keys.membershipPrefix },
      Limit: LIST_PAGE,
    }),
  );

  const operations: TimedCost[] = [];
  const addSamples: Array<{ ms: number; totals: MeterTotals }> = [];
  const removeSamples: Array<{ ms: number; totals: MeterTotals }> = [];
  for (let cycle = 0; cycle < options.cycles; cycle++) {
    addSamples.push(await once(meter, () => patchAddMembers(scim, groupId, newIds)));
    removeSamples.push(
      await once(meter, () =>
        scim.call('PATCH', `/Groups/${groupId}`, {
          schemas: [SCIM_PATCH],
          Operations: [{ op: 'Remove', path: 'members', value: newIds.map((value) => ({ value })) }],
        }),
      ),
    );
  }
  operations.push(costOf(`SCIM PATCH add ${options.change} members`, addSamples, writeEdges));
  operations.push(costOf(`SCIM PATCH remove ${options.change} members`, removeSamples, writeEdges));
  const getSamples: Array<{ ms: number; totals: MeterTotals }> = [];
  for (let s = 0; s < options.cycles * 3; s++) getSamples.push(await once(meter, () => scim.call('GET', `/Groups/${groupId}?excludedAttributes=members`)));
  operations.push(costOf('SCIM GET group excludedAttributes=members', getSamples));

  // The admin API lists a team's members by page token; every page is timed.
  const pages: Array<{ ms: number; totals: MeterTotals }> = [];
  let token: string | undefined;
  do {
    const path = `/teams/${groupId}/members?limit=${LIST_PAGE}${token ? `&pageToken=${encodeURIComponent(token)}` : ''}`;
    let next: string | undefined;
    pages.push(
      await once(meter, async () => {
        const res = await admin.call<{ pagination: { nextPageToken?: string } }>('GET', path);
        next = res.body.pagination.nextPageToken;
      }),
    );
    token = next;
  } while (token);
  const firstPage = costOf('admin list members, first page', pages.slice(0, 1), queryPage);
  const lastPage = costOf('admin list members, last page', pages.slice(-1), queryPage);
  const allPages = costOf(`admin list members, every page (${pages.length})`, pages, queryPage);
  return {
    members: options.members,
    change: options.change,
    seedMs,
    floors: { writeEdges, queryPage },
    operations,
    listing: { pageSize: LIST_PAGE, pages: pages.length, firstPage, lastPage, allPages, ratio: allPages.ratio ?? Number.NaN },
  };
}

async function once(meter: DynamoMeter, call: () => Promise<unknown>): Promise<{ ms: number; totals: MeterTotals }> {
  const started = performance.now();
  const { totals } = await meter.measure(call);
  const ms = performance.now() - started;
  meter.reset();
  return { ms, totals };
}

async function timed(meter: DynamoMeter, name: string, samples: number, call: () => Promise<unknown>): Promise<TimedCost> {
  const taken: Array<{ ms: number; totals: MeterTotals }> = [];
  for (let s = 0; s < samples; s++) taken.push(await once(meter, call));
  return costOf(name, taken);
}

function costOf(name: string, taken: Array<{ ms: number; totals: MeterTotals }>, floor?: TimedCost): TimedCost {
  const requests = median(taken.map((t) => t.totals.requests));
  const typical = taken.find((t) => t.totals.requests === requests) ?? taken[0]!;
  const latencyMs = summarize(taken.map((t) => t.ms));
  return {
    name,
    samples: taken.length,
    latencyMs,
    requests,
    byCommand: typical.totals.byCommand,
    capacity: median(taken.map((t) => t.totals.capacity)),
    ratio: floor ? latencyMs.median / floor.latencyMs.median : undefined,
  };
}
