/**
 * Offline: tenants live in shards with a stable assignment. Adding, removing or
 * reordering one tenant changes exactly one shard's template: every template of
 * two synths is compared, and the root differs only in that shard's nested-stack
 * resource (its template URL). Shards of 3 keep the synths small; the stack
 * takes any recorded assignment, and the capacity is a parameter of the plan.
 * A deployment made before shards keeps its tenants in the root, resource for
 * resource as that version synthesized them (a recorded fixture).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  keepInRoot,
  planShards,
  readShardAssignment,
  ROOT_SHARD,
  SHARD_CAPACITY,
  shardId,
  writeShardAssignment,
  type ShardAssignment,
} from '../../infra/tenant-shards.js';
import { compareDigests, describeChanges, templateDigests } from '../../infra/synth-report.js';
import { buildApp, exampleTenants, synth } from './synth.js';

const CAPACITY = 3;
const ids = (n: number, from = 0) => Array.from({ length: n }, (_, i) => `t${String(from + i).padStart(3, '0')}`);

describe('planShards', () => {
  it('fills shards in list order up to their capacity', () => {
    const { assignment, placed, released } = planShards(ids(7), {}, CAPACITY);
    expect(assignment).toEqual({ t000: 1, t001: 1, t002: 1, t003: 2, t004: 2, t005: 2, t006: 3 });
    expect(placed).toHaveLength(7);
    expect(released).toEqual([]);
  });

  it('keeps every recorded tenant where it is, whatever the list order', () => {
    const before = planShards(ids(7), {}, CAPACITY).assignment;
    const { assignment, placed } = planShards([...ids(7)].reverse(), before, CAPACITY);
    expect(assignment).toEqual(before);
    expect(placed).toEqual([]);
  });

  it("places a new tenant into the lowest shard with room, a removed tenant's slot first", () => {
    const before = planShards(ids(7), {}, CAPACITY).assignment;
    const withoutOne = planShards(
      ids(7).filter((id) => id !== 't001'),
      before,
      CAPACITY,
    );
    expect(withoutOne.released).toEqual([{ tenantId: 't001', shard: 1 }]);
    const refilled = planShards([...Object.keys(withoutOne.assignment), 'new'], withoutOne.assignment, CAPACITY);
    expect(refilled.placed).toEqual([{ tenantId: 'new', shard: 1 }]);
  });

  it('refuses a recorded shard fuller than the capacity: its tenants would have to move', () => {
    expect(() => planShards(ids(4), { t000: 1, t001: 1, t002: 1, t003: 1 }, CAPACITY)).toThrow(/Shard 1 holds 4 tenants, more than its capacity of 3/);
  });

  it('places a thousand tenants into 40 shards of 25', () => {
    const { assignment } = planShards(ids(1000));
    expect(SHARD_CAPACITY).toBe(25);
    expect(new Set(Object.values(assignment)).size).toBe(40);
  });

  it('writes one tenant a line, sorted, and reads it back', () => {
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'shards-')), 'tenant-shards.json');
    expect(readShardAssignment(file)).toEqual({});
    writeShardAssignment(file, { globex: 2, acme: 1 });
    expect(fs.readFileSync(file, 'utf8')).toBe('{\n  "acme": 1,\n  "globex": 2\n}\n');
    expect(readShardAssignment(file)).toEqual({ acme: 1, globex: 2 });
    fs.writeFileSync(file, '{"acme": -1}');
    expect(() => readShardAssignment(file)).toThrow(/not a tenant → shard map/);
  });
});

// A tenant's configuration depends on its id only, so a list that loses or gains an entry changes no one else's.
const universe = new Map(exampleTenants([...ids(10), 'a-first']).map((tenant) => [tenant.id, tenant]));
const tenantsOf = (tenantIds: readonly string[]) => tenantIds.map((id) => universe.get(id)!);

type Json = { Resources: Record<string, { Type: string; Properties: Record<string, unknown> }> };

/** Every template of a synth of `tenantIds` placed from `previous`: the root's, each route stack's and each shard's, by name. */
function templatesOf(tenantIds: readonly string[], previous: ShardAssignment = {}) {
  const { assignment } = planShards(tenantIds, previous, CAPACITY);
  const { stack, templates, shards } = synth({ tenants: tenantsOf(tenantIds), tenantShards: assignment });
  const byName = new Map<string, Json>([['root', templates[0]!.toJSON() as Json]]);
  stack.routeStacks.forEach((nested, i) => byName.set(nested.node.id, templates[i + 1]!.toJSON() as Json));
  for (const [shard, t] of shards) byName.set(shardId(shard), t.toJSON() as Json);
  return { assignment, byName };
}

/** Names of the templates that differ, and the root's differing resources. */
function differences(before: Map<string, Json>, after: Map<string, Json>) {
  const names = new Set([...before.keys(), ...after.keys()]);
  const changed = [...names].filter((name) => JSON.stringify(before.get(name)) !== JSON.stringify(after.get(name))).sort();
  const rootBefore = before.get('root')!.Resources;
  const rootAfter = after.get('root')!.Resources;
  const rootResources = [...new Set([...Object.keys(rootBefore), ...Object.keys(rootAfter)])]
    .filter((id) => JSON.stringify(rootBefore[id]) !== JSON.stringify(rootAfter[id]))
    .sort();
  return { changed, rootResources };
}

const nestedStackOf = (shard: number) => expect.stringMatching(new RegExp(`^${shardId(shard)}NestedStack${shardId(shard)}NestedStackResource`));

// Each case synthesizes twice; on a busy 2-core runner that outgrows the default timeout.
describe('one tenant more or less changes one shard', { timeout: 300_000 }, () => {
  // Seven tenants in shards of three: 1 and 2 full, 3 holding one.
  const seven = templatesOf(ids(7));

  it('adding a tenant changes the shard it joins and nothing else', () => {
    const eight = templatesOf([...ids(7), 't007'], seven.assignment);
    expect(eight.assignment.t007).toBe(3);
    const { changed, rootResources } = differences(seven.byName, eight.byName);
    expect(changed).toEqual(['TenantShard003', 'root']);
    // The root points at the shard's new template; its parameters are the same.
    expect(rootResources).toEqual([nestedStackOf(3)]);
  });

  it('adding a tenant to full shards creates a shard and changes no other', () => {
    const nine = templatesOf(ids(9), seven.assignment);
    const ten = templatesOf(ids(10), nine.assignment);
    expect(ten.assignment.t009).toBe(4);
    const { changed, rootResources } = differences(nine.byName, ten.byName);
    expect(changed).toEqual(['TenantShard004', 'root']);
    expect(rootResources).toEqual([nestedStackOf(4)]);
  });

  it('removing a tenant changes only the shard it leaves', () => {
    const six = templatesOf(
      ids(7).filter((id) => id !== 't004'),
      seven.assignment,
    );
    const { changed, rootResources } = differences(seven.byName, six.byName);
    expect(changed).toEqual(['TenantShard002', 'root']);
    expect(rootResources).toEqual([nestedStackOf(2)]);
  });

  it('inserting a tenant at the top of the list changes only the shard with room', () => {
    const eight = templatesOf(['a-first', ...ids(7)], seven.assignment);
    expect(eight.assignment['a-first']).toBe(3);
    expect(differences(seven.byName, eight.byName).changed).toEqual(['TenantShard003', 'root']);
  });
});

describe('a deployment made before shards (its tenants kept in the root)', () => {
  /** The tenant resources the stack had before shards, for these two tenants: synthesized from that version and recorded. */
  const before = JSON.parse(fs.readFileSync(path.join(import.meta.dirname, 'fixtures/pre-shard-tenants.json'), 'utf8')) as Json['Resources'];
  const { template, shards } = synth({
    tenants: exampleTenants(['acme', 'globex']),
    mailFrom: 'no-reply@service.example',
    tenantShards: keepInRoot(['acme', 'globex']),
  });
  const root = (template.toJSON() as Json).Resources;

  it('keeps every tenant resource under its logical id, with its properties, only tagged', () => {
    expect(shards.size).toBe(0);
    const untagged = (resource: Json['Resources'][string]) => {
      const { UserPoolTags: _pool, Tags: _ses, ...properties } = resource.Properties ?? {};
      return { ...resource, Properties: properties };
    };
    for (const [logicalId, resource] of Object.entries(before)) {
      expect(root[logicalId], logicalId).toBeDefined();
      expect(untagged(root[logicalId]!), logicalId).toEqual(untagged(resource));
    }
    expect(root[Object.keys(before).find((id) => before[id]!.Type === 'AWS::Cognito::UserPool')!]!.Properties.UserPoolTags).toEqual({
      'provisioning:deployment': 'Test',
    });
  });

  it("places a new tenant in a shard, leaving the root's tenants alone", () => {
    const { assignment, placed } = planShards(['acme', 'globex', 'initech'], keepInRoot(['acme', 'globex']));
    expect(placed).toEqual([{ tenantId: 'initech', shard: 1 }]);
    expect(assignment).toEqual({ acme: ROOT_SHARD, globex: ROOT_SHARD, initech: 1 });
  });
});

describe('npm run synth reports the changed shards', { timeout: 300_000 }, () => {
  it('names the shard a new tenant joined, from the templates in two cloud assemblies', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'synth-report-'));
    const assemble = (tenantIds: string[], previous: ShardAssignment, outdir: string) => {
      const { assignment } = planShards(tenantIds, previous, CAPACITY);
      buildApp({ tenants: tenantsOf(tenantIds), tenantShards: assignment }, { outdir }).app.synth();
      return assignment;
    };
    const first = assemble(ids(7), {}, path.join(dir, 'before'));
    assemble([...ids(7), 't007'], first, path.join(dir, 'after'));
    const before = templateDigests(path.join(dir, 'before'), 'Test');
    const after = templateDigests(path.join(dir, 'after'), 'Test');
    expect([...before.keys()].sort()).toEqual(['AdminRoutes', 'ScimRoutes', 'TenantShard001', 'TenantShard002', 'TenantShard003', 'Test']);
    const changes = compareDigests(before, after);
    expect(changes).toEqual({
      changed: ['TenantShard003', 'Test'],
      added: [],
      removed: [],
      unchanged: ['AdminRoutes', 'ScimRoutes', 'TenantShard001', 'TenantShard002'],
    });
    expect(describeChanges(changes, true)).toBe(
      'Templates changed since the previous synth: TenantShard003, Test\nTenant shards: 1 changed, 0 new, 0 removed, 2 unchanged',
    );
    expect(describeChanges(compareDigests(new Map(), after), false)).toMatch(/No previous synth/);
  });
});
