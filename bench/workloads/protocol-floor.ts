/**
 * A second floor under benchmark 1, for finding where a miss comes from: the
 * round trips the SCIM protocol itself forces, with nothing of ours. Entra sends
 * one user per POST and looks each one up first, so even a perfect server makes
 * per user one indexed Query and one write, and per group one Query, one write
 * and one BatchWriteItem per 25 members of each PATCH. Done here straight
 * against DynamoDB with the same concurrency and the same items as the
 * BatchWriteItem floor.
 * Sync ÷ this floor is our own cost; this floor ÷ the BatchWriteItem floor is
 * the protocol's.
 */
import { randomUUID } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { randomTenantId } from '../../test/support/tenants.js';
import { keys } from '../../shared/storage/keys.js';
import { INDEXES } from '../../shared/storage/table-definition.js';
import { Table } from '../../shared/storage/table.js';
import { membershipItem } from '../../shared/teams/membership-repository.js';
import { teamItem } from '../../shared/teams/team-repository.js';
import type { DynamoMeter } from '../harness/dynamo-meter.js';
import { chunk, inPool } from '../harness/pool.js';
import { buildDirectory, type DirectorySize } from './directory.js';
import { directoryUserItem, type FloorResult } from './sync-floor.js';

export async function runProtocolFloor(options: { meter: DynamoMeter; size: DirectorySize; concurrency: number; memberBatch: number }): Promise<FloorResult> {
  const tenantId = randomTenantId('bench-proto');
  const directory = buildDirectory(tenantId, options.size);
  const table = new Table();
  const now = new Date().toISOString();
  const userIds: string[] = [];
  const lookup = (partition: string) =>
    table.query({
      IndexName: INDEXES.lookupsAndQueues.name,
      KeyConditionExpression: 'GSI1PK = :pk',
      ExpressionAttributeValues: { ':pk': partition },
      Limit: 2,
    });
  const started = performance.now();
  const { totals } = await options.meter.measure(async () => {
    await inPool(directory.users, options.concurrency, async (u) => {
      await lookup(keys.gsiUserName(tenantId, u.userName));
      const id = randomUUID();
      userIds[u.index] = id;
      await table.put({ Item: directoryUserItem(tenantId, id, u, now) });
    });
    await inPool(directory.groups, options.concurrency, async (g) => {
      await lookup(keys.gsiTeamName(tenantId, g.displayName));
      const teamId = randomUUID();
      await table.put({
        Item: teamItem({
          tenantId,
          id: teamId,
          name: g.displayName,
          source: 'scim',
          externalId: g.externalId,
          memberCount: 0,
          createdAt: now,
          updatedAt: now,
          version: 1,
        }),
      });
      for (const batch of chunk(g.members, options.memberBatch)) {
        await table.batchWrite(batch.map((i) => ({ put: membershipItem({ tenantId, teamId, userId: userIds[i]!, role: 'member', addedAt: now }) })));
      }
    });
  });
  const wallMs = performance.now() - started;
  options.meter.reset();
  const items = options.size.users + options.size.groups + options.size.memberships;
  return { items, wallMs, itemsPerSecond: (items / wallMs) * 1000, dynamo: totals };
}
