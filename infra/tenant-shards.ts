/**
 * Which nested stack ("shard") each tenant lives in. CloudFormation allows 500
 * resources per stack and a tenant costs up to eight, so tenants are spread over
 * shards of at most `SHARD_CAPACITY`, each its own nested stack.
 *
 * The assignment is state, not a function of the tenant list: a tenant's shard
 * is where its user pool lives, and moving it would make CloudFormation create
 * a new, empty pool in the new shard (and retain the old one). So a tenant keeps
 * the shard recorded for it (`infra/tenant-shards.json`, written by synth and
 * committed next to `tenants.ts`); only a new tenant is placed, in list order,
 * into the lowest-numbered shard with room. Adding or removing one tenant
 * therefore changes exactly one shard.
 *
 * Shard 0 is the root stack itself: tenants deployed before shards existed stay
 * there under their original logical ids (`ROOT_SHARD`, docs/tenants.md), and
 * no new tenant is ever placed in it.
 */
import fs from 'node:fs';
import * as z from '../shared/validation/zod.js';

/** Tenants per shard: 25 × at most 8 resources (+ outputs) keeps a shard near 200 of CloudFormation's 500. */
export const SHARD_CAPACITY = 25;

/** The "shard" of tenants kept in the root stack, where they were deployed before shards. */
export const ROOT_SHARD = 0;

/** Tenant id → shard number (1-based; `ROOT_SHARD` for tenants kept in the root). */
export type ShardAssignment = Readonly<Record<string, number>>;

export const ShardAssignmentFile = z.record(z.string(), z.int().check(z.gte(ROOT_SHARD)));

export interface ShardPlan {
  assignment: ShardAssignment;
  /** Tenants placed by this plan (not in the previous assignment), with their shard. */
  placed: ReadonlyArray<{ tenantId: string; shard: number }>;
  /** Tenants of the previous assignment no longer in the list, with the shard they leave. */
  released: ReadonlyArray<{ tenantId: string; shard: number }>;
}

/**
 * Places `tenantIds` into shards, keeping every tenant of `previous` where it
 * is. Throws when `previous` already overfills a shard (the capacity was lowered
 * after tenants were placed): moving them would replace their pools.
 */
export function planShards(tenantIds: readonly string[], previous: ShardAssignment = {}, capacity = SHARD_CAPACITY): ShardPlan {
  const listed = new Set(tenantIds);
  const released = Object.entries(previous)
    .filter(([tenantId]) => !listed.has(tenantId))
    .map(([tenantId, shard]) => ({ tenantId, shard }));
  const occupancy = new Map<number, number>();
  const assignment: Record<string, number> = {};
  for (const tenantId of tenantIds) {
    const shard = previous[tenantId];
    if (shard === undefined) continue;
    assignment[tenantId] = shard;
    occupancy.set(shard, (occupancy.get(shard) ?? 0) + 1);
  }
  for (const [shard, count] of occupancy) {
    if (shard !== ROOT_SHARD && count > capacity)
      throw new Error(`Shard ${shard} holds ${count} tenants, more than its capacity of ${capacity}; tenants never move between shards`);
  }
  const placed: Array<{ tenantId: string; shard: number }> = [];
  let candidate = ROOT_SHARD + 1;
  for (const tenantId of tenantIds) {
    if (assignment[tenantId] !== undefined) continue;
    while ((occupancy.get(candidate) ?? 0) >= capacity) candidate++;
    assignment[tenantId] = candidate;
    occupancy.set(candidate, (occupancy.get(candidate) ?? 0) + 1);
    placed.push({ tenantId, shard: candidate });
  }
  return { assignment, placed, released };
}

/** Tenants by shard number, shards in ascending order and tenants in list order. */
export function tenantsByShard<T extends { id: string }>(tenants: readonly T[], assignment: ShardAssignment): Map<number, T[]> {
  const shards = new Map<number, T[]>();
  for (const tenant of tenants) {
    const shard = assignment[tenant.id];
    if (shard === undefined) throw new Error(`Tenant ${tenant.id} has no shard; plan the shards (planShards) before building the stack`);
    shards.set(shard, [...(shards.get(shard) ?? []), tenant]);
  }
  return new Map([...shards].sort(([a], [b]) => a - b));
}

/**
 * The assignment that keeps every tenant of an existing deployment in the root
 * stack, where it was deployed before shards: adopting shards changes no
 * tenant's resources. New tenants are then placed in shards as usual.
 */
export const keepInRoot = (tenantIds: readonly string[]): ShardAssignment => Object.fromEntries(tenantIds.map((id) => [id, ROOT_SHARD]));

/** The construct id of a shard's nested stack: `TenantShard007` (zero-padded so ids sort by number). */
export const shardId = (shard: number): string => `TenantShard${String(shard).padStart(3, '0')}`;

/** Reads the recorded assignment; a missing file is an empty one (no tenant placed yet). */
export function readShardAssignment(file: string): ShardAssignment {
  if (!fs.existsSync(file)) return {};
  const parsed = ShardAssignmentFile.safeParse(JSON.parse(fs.readFileSync(file, 'utf8')));
  if (!parsed.success)
    throw new Error(`${file} is not a tenant → shard map: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
  return parsed.data;
}

/** Writes the assignment one tenant a line, sorted by tenant id, so a change is a one-line diff. */
export function writeShardAssignment(file: string, assignment: ShardAssignment): void {
  const lines = Object.keys(assignment)
    .sort()
    .map((tenantId) => `  ${JSON.stringify(tenantId)}: ${assignment[tenantId]}`);
  fs.writeFileSync(file, lines.length ? `{\n${lines.join(',\n')}\n}\n` : '{}\n');
}
