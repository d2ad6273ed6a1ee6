/**
 * A third diagnostic under benchmark 1: the sync's writes made by the service's
 * own SCIM operations (create user, create group, PATCH add members), called in
 * this process with the sync's bodies and concurrency, but with no HTTP, no
 * authentication and no lookups. What it costs is what the service's write
 * guarantees cost on this storage engine: each create one transaction with its
 * uniqueness markers, counter shard and audit event; each PATCH its member
 * checks and one transaction with the team's count. Sync ÷ this is what HTTP,
 * authentication and Entra's lookups add; this ÷ the BatchWriteItem floor is
 * what the guarantees add.
 */
import { performance } from 'node:perf_hooks';
import { TenantRepository } from '../../shared/tenants/tenant-repository.js';
import { Table } from '../../shared/storage/table.js';
import { createGroup, patchGroup } from '../../shared/scim/operations/group-operations.js';
import { createUser } from '../../shared/scim/operations/user-operations.js';
import type { ScimContext } from '../../shared/scim/scim-context.js';
import { createTestTenant } from '../../test/support/tenants.js';
import { SCIM_GROUP, SCIM_PATCH } from '../harness/api-client.js';
import type { DynamoMeter } from '../harness/dynamo-meter.js';
import { chunk, inPool } from '../harness/pool.js';
import { buildDirectory, scimUserBody, type DirectorySize } from './directory.js';
import type { FloorResult } from './sync-floor.js';

export async function runServiceWrites(options: { meter: DynamoMeter; size: DirectorySize; concurrency: number; memberBatch: number }): Promise<FloorResult> {
  const table = new Table();
  const { tenantId } = await createTestTenant({ prefix: 'bench-writes', mode: 'scim' });
  const tenant = (await new TenantRepository(table).get(tenantId))!;
  const ctx: ScimContext = { table, tenant, actor: { type: 'scim', id: 'scim-token:bench', slug: 'SCIM client' }, requestId: 'bench' };
  const directory = buildDirectory(tenantId, options.size);
  const userIds: string[] = [];
  const idOf = (result: { body?: unknown }) => (result.body as { id: string }).id;
  const started = performance.now();
  const { totals } = await options.meter.measure(async () => {
    await inPool(directory.users, options.concurrency, async (u) => {
      userIds[u.index] = idOf(await createUser(ctx, { query: {}, body: scimUserBody(u) }));
    });
    await inPool(directory.groups, options.concurrency, async (g) => {
      const id = idOf(
        await createGroup(ctx, { query: {}, body: { schemas: [SCIM_GROUP], displayName: g.displayName, externalId: g.externalId, members: [] } }),
      );
      for (const batch of chunk(g.members, options.memberBatch)) {
        const value = batch.map((i) => ({ value: userIds[i]! }));
        await patchGroup(ctx, { id, query: {}, body: { schemas: [SCIM_PATCH], Operations: [{ op: 'Add', path: 'members', value }] } });
      }
    });
  });
  const wallMs = performance.now() - started;
  options.meter.reset();
  const items = options.size.users + options.size.groups + options.size.memberships;
  return { items, wallMs, itemsPerSecond: (items / wallMs) * 1000, dynamo: totals };
}
