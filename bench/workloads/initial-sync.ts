/**
 * Benchmark 1: the initial SCIM sync, pushed the way Microsoft Entra pushes it.
 * Per user: `GET /Users?filter=userName eq "…"`, then `POST /Users`. Per group:
 * `GET /Groups?filter=displayName eq "…"&excludedAttributes=members`, `POST
 * /Groups` with no members, then `PATCH` adding members in batches. Users first
 * (a group's members must exist), `concurrency` requests in flight.
 */
import { performance } from 'node:perf_hooks';
import { createTestTenant } from '../../test/support/tenants.js';
import { scimClient, SCIM_GROUP, SCIM_PATCH, type ApiClient } from '../harness/api-client.js';
import type { DynamoMeter, MeterTotals } from '../harness/dynamo-meter.js';
import { chunk, inPool } from '../harness/pool.js';
import { summarize, type Summary } from '../harness/stats.js';
import { buildDirectory, scimUserBody, type Directory, type DirectorySize } from './directory.js';

/**
 * The health counts this process still holds are the phase's cost too
 * (shared/health/scim-request-counts.ts). Loaded when called, because
 * `bench:compare` runs this harness over older commits that wrote each count at
 * once and have no such module.
 */
async function flushHeldHealthCounts(): Promise<void> {
  const held = await import('../../shared/health/scim-request-counts.js').catch(() => undefined);
  await held?.flushScimRequestCounts();
}

export interface SyncOptions {
  gatewayUrl: string;
  meter: DynamoMeter;
  size: DirectorySize;
  concurrency: number;
  /** Members per PATCH (Entra batches member adds). */
  memberBatch: number;
}

export interface SyncPhase {
  name: string;
  wallMs: number;
  httpRequests: number;
  requestsPerSecond: number;
  latencyMs: Summary;
  dynamo: MeterTotals;
  /** The DynamoDB calls of the phase by shape (command, keys with ids masked), most frequent first. */
  calls?: Array<{ what: string; count: number; capacity: number; medianMs: number }>;
}

export interface SyncResult {
  tenantId: string;
  /** Ids the service assigned, by directory index (later workloads reuse the synced tenant). */
  userIds: string[];
  groupIds: string[];
  scimToken: string;
  adminToken: string;
  directory: Directory;
  phases: SyncPhase[];
  total: SyncPhase;
  /** SCIM requests repeated after a 503 or 429 (DynamoDB Local too slow for the storage client's timeout). */
  retried: number;
}

const filterQuery = (attribute: string, value: string) => `filter=${encodeURIComponent(`${attribute} eq "${value}"`)}`;

export async function runInitialSync(options: SyncOptions): Promise<SyncResult> {
  const tenant = await createTestTenant({ prefix: 'bench-sync', mode: 'scim' });
  const scim = scimClient(options.gatewayUrl, tenant.tenantId, tenant.scimToken!);
  const directory = buildDirectory(tenant.tenantId, options.size);
  const userIds: string[] = new Array<string>(directory.users.length);
  const groupIds: string[] = new Array<string>(directory.groups.length);

  const users = await phase('users', options.meter, async (timed) => {
    await inPool(directory.users, options.concurrency, async (user) => {
      const found = await timed(() => scim.call<{ totalResults: number }>('GET', `/Users?${filterQuery('userName', user.userName)}`));
      if (found.body.totalResults !== 0) throw new Error(`user ${user.userName} exists before the sync`);
      const created = await timed(() => scim.call<{ id: string }>('POST', '/Users', scimUserBody(user), [201, 409]));
      if (created.status === 201) userIds[user.index] = created.body.id;
      else {
        // Only after a retried 503 (the first attempt committed): the user is there.
        const again = await scim.call<{ Resources: Array<{ id: string }> }>('GET', `/Users?${filterQuery('userName', user.userName)}`);
        userIds[user.index] = again.body.Resources[0]!.id;
      }
    });
  });

  const groups = await phase('groups + memberships', options.meter, async (timed) => {
    await inPool(directory.groups, options.concurrency, async (group) => {
      const found = await timed(() =>
        scim.call<{ totalResults: number }>('GET', `/Groups?${filterQuery('displayName', group.displayName)}&excludedAttributes=members`),
      );
      if (found.body.totalResults !== 0) throw new Error(`group ${group.displayName} exists before the sync`);
      const created = await timed(() =>
        scim.call<{ id: string }>(
          'POST',
          '/Groups',
          { schemas: [SCIM_GROUP], displayName: group.displayName, externalId: group.externalId, members: [] },
          [201, 409],
        ),
      );
      if (created.status === 201) groupIds[group.index] = created.body.id;
      else {
        // Only after a retried 503 (the first attempt committed): the group is there.
        const again = await scim.call<{ Resources: Array<{ id: string }> }>(
          'GET',
          `/Groups?${filterQuery('displayName', group.displayName)}&excludedAttributes=members`,
        );
        groupIds[group.index] = again.body.Resources[0]!.id;
      }
      for (const batch of chunk(group.members, options.memberBatch)) {
        await timed(() =>
          patchAddMembers(
            scim,
            groupIds[group.index]!,
            batch.map((i) => userIds[i]!),
          ),
        );
      }
    });
  });

  return {
    tenantId: tenant.tenantId,
    userIds,
    groupIds,
    scimToken: tenant.scimToken!,
    adminToken: tenant.adminToken,
    directory,
    phases: [users, groups].map(({ samples: _samples, ...figures }) => figures),
    retried: scim.retried,
    total: combine('total', [users, groups]),
  };
}

export function patchAddMembers(scim: ApiClient, groupId: string, userIds: readonly string[]) {
  return scim.call('PATCH', `/Groups/${groupId}`, {
    schemas: [SCIM_PATCH],
    Operations: [{ op: 'Add', path: 'members', value: userIds.map((value) => ({ value })) }],
  });
}

type Timed = <T>(call: () => Promise<T>) => Promise<T>;

async function phase(name: string, meter: DynamoMeter, body: (timed: Timed) => Promise<void>): Promise<SyncPhase & { samples: number[] }> {
  const samples: number[] = [];
  const timed: Timed = async (call) => {
    const started = performance.now();
    const result = await call();
    samples.push(performance.now() - started);
    return result;
  };
  const started = performance.now();
  let done = started;
  const { totals, calls } = await meter.measure(async () => {
    await body(timed);
    done = performance.now();
    await flushHeldHealthCounts();
  });
  const shapes = new Map<string, { what: string; count: number; capacity: number; ms: number[] }>();
  for (const c of calls) {
    const shape = shapes.get(c.what) ?? { what: c.what, count: 0, capacity: 0, ms: [] };
    shape.count++;
    shape.capacity += c.capacity;
    shape.ms.push(c.endMs - c.startMs);
    shapes.set(c.what, shape);
  }
  const wallMs = done - started;
  meter.reset();
  return {
    name,
    wallMs,
    httpRequests: samples.length,
    requestsPerSecond: (samples.length / wallMs) * 1000,
    latencyMs: summarize(samples),
    dynamo: totals,
    calls: [...shapes.values()]
      .sort((a, b) => b.count - a.count)
      .slice(0, 12)
      .map(({ ms, ...shape }) => ({ ...shape, medianMs: summarize(ms).median })),
    samples,
  };
}

function combine(name: string, phases: Array<SyncPhase & { samples: number[] }>): SyncPhase {
  const samples = phases.flatMap((p) => p.samples);
  const wallMs = phases.reduce((t, p) => t + p.wallMs, 0);
  const byCommand: Record<string, number> = {};
  for (const p of phases) for (const [command, n] of Object.entries(p.dynamo.byCommand)) byCommand[command] = (byCommand[command] ?? 0) + n;
  const sum = (pick: (t: MeterTotals) => number) => phases.reduce((t, p) => t + pick(p.dynamo), 0);
  return {
    name,
    wallMs,
    httpRequests: samples.length,
    requestsPerSecond: (samples.length / wallMs) * 1000,
    latencyMs: summarize(samples),
    dynamo: {
      requests: sum((t) => t.requests),
      byCommand,
      capacity: sum((t) => t.capacity),
      readCapacity: sum((t) => t.readCapacity),
      writeCapacity: sum((t) => t.writeCapacity),
      writeItems: sum((t) => t.writeItems),
      transactionalWriteItems: sum((t) => t.transactionalWriteItems),
      busyMs: sum((t) => t.busyMs),
    },
  };
}
