/**
 * The floor under benchmark 1: the same directory (one item per user, per group
 * and per membership, built by the repositories' own item builders) written
 * straight to DynamoDB Local with BatchWriteItem from this process, 25 items a
 * request, with the sync's concurrency. No HTTP, no auth, no uniqueness markers,
 * no audit: what storing the data costs at the least.
 */
import { randomUUID } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { randomTenantId } from '../../test/support/tenants.js';
import { Table } from '../../shared/storage/table.js';
import { membershipItem } from '../../shared/teams/membership-repository.js';
import { teamItem } from '../../shared/teams/team-repository.js';
import { userItem } from '../../shared/users/user-repository.js';
import type { DynamoMeter, MeterTotals } from '../harness/dynamo-meter.js';
import { chunk, inPool } from '../harness/pool.js';
import { buildDirectory, ENTERPRISE_USER, type DirectorySize, type DirectoryUser } from './directory.js';

export interface FloorResult {
  items: number;
  wallMs: number;
  itemsPerSecond: number;
  dynamo: MeterTotals;
}

/** The user item the sync stores for a directory user (what `scimUserBody` maps to), built by the repository's own builder. */
export function directoryUserItem(tenantId: string, id: string, u: DirectoryUser, now: string) {
  return userItem({
    tenantId,
    id,
    userName: u.userName,
    email: u.email,
    emails: [{ value: u.email, type: 'work', primary: true }],
    displayName: `${u.givenName} ${u.familyName}`,
    name: { formatted: `${u.givenName} ${u.familyName}`, givenName: u.givenName, familyName: u.familyName },
    externalId: u.externalId,
    active: true,
    role: 'tenant-member',
    source: 'scim',
    inviteAccepted: true,
    hasPassword: false,
    scim: { title: 'Engineer', [ENTERPRISE_USER]: { department: `Dept ${u.index % 20}`, employeeNumber: String(100000 + u.index) } },
    createdAt: now,
    updatedAt: now,
    version: 1,
  });
}

export async function runSyncFloor(options: { meter: DynamoMeter; size: DirectorySize; concurrency: number }): Promise<FloorResult> {
  const tenantId = randomTenantId('bench-floor');
  const directory = buildDirectory(tenantId, options.size);
  const now = new Date().toISOString();
  const userIds = directory.users.map(() => randomUUID());
  const users = directory.users.map((u) => directoryUserItem(tenantId, userIds[u.index]!, u, now));
  const groups = directory.groups.map((g) => {
    const teamId = randomUUID();
    return {
      team: teamItem({
        tenantId,
        id: teamId,
        name: g.displayName,
        source: 'scim',
        externalId: g.externalId,
        memberCount: g.members.length,
        createdAt: now,
        updatedAt: now,
        version: 1,
      }),
      edges: g.members.map((i) => membershipItem({ tenantId, teamId, userId: userIds[i]!, role: 'member', addedAt: now })),
    };
  });
  const items = [...users, ...groups.map((g) => g.team), ...groups.flatMap((g) => g.edges)];
  const table = new Table();
  const started = performance.now();
  const { totals } = await options.meter.measure(() =>
    inPool(chunk(items, 25), options.concurrency, (batch) => table.batchWrite(batch.map((put) => ({ put })))),
  );
  const wallMs = performance.now() - started;
  options.meter.reset();
  return { items: items.length, wallMs, itemsPerSecond: (items.length / wallMs) * 1000, dynamo: totals };
}
