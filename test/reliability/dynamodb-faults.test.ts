/**
 * DynamoDB faults mid-request, injected through the SDK middleware stack: for
 * each SCIM write, every DynamoDB call it makes is failed in turn, before the
 * call reaches DynamoDB (nothing written) and after DynamoDB applied it (the
 * answer lost), as throttling and as a 500. Each time the client must get a
 * 429 or 503 with Retry-After (or a success, when the failed call was one the
 * service may do without), and the stored state must be exactly the old one or
 * exactly the new one: user item, uniqueness markers, membership edges, the
 * team's member count, the user counter and the audit event move together.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readCounter } from '../../shared/storage/counters.js';
import { keys } from '../../shared/storage/keys.js';
import { auditEvents } from '../support/audit.js';
import { createTestTenant, type TestTenant } from '../support/tenants.js';
import { rememberSecret } from '../support/secret-ledger.js';
import { withDynamoFaults, type FaultKind, type FaultRule } from '../support/faults.js';
import { call, isScimError, type ApiRequest, callExpecting } from '../security/in-process-api.js';
import { figures } from './figures.js';

/** Generous: DynamoDB Local on a shared CI machine, not the service, sets the pace. */
const TEST_TIMEOUT_MS = 180_000;

const USER = 'urn:ietf:params:scim:schemas:core:2.0:User';
const GROUP = 'urn:ietf:params:scim:schemas:core:2.0:Group';
const PATCH_OP = 'urn:ietf:params:scim:api:messages:2.0:PatchOp';
const SLOW_OK = { timeoutSeconds: 120 };

let tenant: TestTenant;

beforeAll(async () => {
  tenant = await createTestTenant({ prefix: 'relf' });
  rememberSecret(tenant.adminToken, tenant.scimToken!);
});
afterAll(() => figures.flush('dynamodb-faults'));

const scim = (method: string, path: string, body?: unknown): ApiRequest => ({
  method,
  url: `/scim/v2/${tenant.tenantId}${path}`,
  token: tenant.scimToken!,
  ...(body === undefined ? {} : { body, headers: { 'content-type': 'application/scim+json' } }),
});

const ok = (request: ApiRequest, status: number) => callExpecting(request, status, SLOW_OK);

const exists = async (key: { PK: string; SK: string }) => (await tenant.table.get(key)) !== undefined;
const usersTotal = async () => (await readCounter(tenant.table, tenant.tenantId, 'users')).total ?? 0;

/** The tenant's audit events about `targetId` with this action. */
async function auditCount(targetId: string, action: string): Promise<number> {
  const items = await auditEvents(tenant.table, tenant.tenantId);
  return items.filter((e) => e.target.id === targetId && e.action === action).length;
}

async function edgesOf(teamId: string): Promise<string[]> {
  const items = await tenant.table.queryAll<{ SK: string }>({
    KeyConditionExpression: 'PK = :pk AND begins_with(SK, :m)',
    ExpressionAttributeValues: { ':pk': keys.teamMembers(tenant.tenantId, teamId), ':m': keys.membershipPrefix },
  });
  return items.map((i) => i.SK.slice(keys.membershipPrefix.length)).sort();
}

interface Scenario {
  name: string;
  /** Fresh entities for one run, made without faults. */
  setup(run: string): Promise<Record<string, string>>;
  request(fixture: Record<string, string>, run: string): ApiRequest;
  /** The state this scenario looks at, in a form where old and new are fixed values. */
  observe(fixture: Record<string, string>, run: string, baseline: { users: number }): Promise<Record<string, unknown>>;
  old: Record<string, unknown>;
  new: Record<string, unknown>;
  successStatus: number;
}

const scenarios: Scenario[] = [
  {
    name: 'SCIM create user',
    setup: async () => ({}),
    request: (_f, run) =>
      scim('POST', '/Users', {
        schemas: [USER],
        userName: `new-${run}`,
        externalId: `ext-${run}`,
        emails: [{ value: `new-${run}@faults.example`, primary: true }],
      }),
    async observe(_f, run, baseline) {
      const marker = await tenant.table.get<{ userId: string }>(keys.uniqueUserName(tenant.tenantId, `new-${run}`));
      return {
        user: marker ? await exists(keys.user(tenant.tenantId, marker.userId)) : false,
        userNameMarker: marker !== undefined,
        emailMarker: await exists(keys.uniqueEmail(tenant.tenantId, `new-${run}@faults.example`)),
        externalIdMarker: await exists(keys.uniqueUserExternalId(tenant.tenantId, `ext-${run}`)),
        usersCounter: (await usersTotal()) - baseline.users,
        audit: marker ? await auditCount(marker.userId, 'user.created') : 0,
      };
    },
    old: { user: false, userNameMarker: false, emailMarker: false, externalIdMarker: false, usersCounter: 0, audit: 0 },
    new: { user: true, userNameMarker: true, emailMarker: true, externalIdMarker: true, usersCounter: 1, audit: 1 },
    successStatus: 201,
  },
  {
    name: 'SCIM PATCH renaming a user (userName and email markers move)',
    async setup(run) {
      const res = await ok(
        scim('POST', '/Users', { schemas: [USER], userName: `old-${run}`, emails: [{ value: `old-${run}@faults.example`, primary: true }] }),
        201,
      );
      return { id: res.json.id };
    },
    request: (f, run) =>
      scim('PATCH', `/Users/${f.id}`, {
        schemas: [PATCH_OP],
        Operations: [
          { op: 'replace', path: 'userName', value: `renamed-${run}` },
          { op: 'replace', path: 'emails', value: [{ value: `renamed-${run}@faults.example`, primary: true }] },
        ],
      }),
    async observe(f, run) {
      const user = await tenant.table.get<{ userName: string; version: number }>(keys.user(tenant.tenantId, f.id!));
      return {
        userName: user?.userName,
        version: user?.version,
        oldName: await exists(keys.uniqueUserName(tenant.tenantId, `old-${run}`)),
        newName: await exists(keys.uniqueUserName(tenant.tenantId, `renamed-${run}`)),
        oldEmail: await exists(keys.uniqueEmail(tenant.tenantId, `old-${run}@faults.example`)),
        newEmail: await exists(keys.uniqueEmail(tenant.tenantId, `renamed-${run}@faults.example`)),
        audit: await auditCount(f.id!, 'user.updated'),
      };
    },
    old: { userName: 'old-RUN', version: 1, oldName: true, newName: false, oldEmail: true, newEmail: false, audit: 0 },
    new: { userName: 'renamed-RUN', version: 2, oldName: false, newName: true, oldEmail: false, newEmail: true, audit: 1 },
    successStatus: 200,
  },
  {
    name: 'SCIM PATCH adding three members to a group',
    async setup(run) {
      const ids: string[] = [];
      for (const n of [1, 2, 3]) ids.push((await ok(scim('POST', '/Users', { schemas: [USER], userName: `m${n}-${run}` }), 201)).json.id);
      const group = await ok(scim('POST', '/Groups', { schemas: [GROUP], displayName: `g-${run}` }), 201);
      return { group: group.json.id, a: ids[0]!, b: ids[1]!, c: ids[2]! };
    },
    request: (f) =>
      scim('PATCH', `/Groups/${f.group}`, {
        schemas: [PATCH_OP],
        Operations: [{ op: 'add', path: 'members', value: [{ value: f.a }, { value: f.b }, { value: f.c }] }],
      }),
    async observe(f) {
      const team = await tenant.table.get<{ memberCount: number; version: number }>(keys.team(tenant.tenantId, f.group!));
      const edges = await edgesOf(f.group!);
      return {
        edges: edges.length === 0 ? 'none' : edges.join() === [f.a, f.b, f.c].sort().join() ? 'all three' : edges.join(),
        memberCount: team?.memberCount,
        version: team?.version,
      };
    },
    old: { edges: 'none', memberCount: 0, version: 1 },
    new: { edges: 'all three', memberCount: 3, version: 2 },
    successStatus: 204,
  },
  {
    name: 'SCIM DELETE of a user who is in a group',
    async setup(run) {
      const user = await ok(scim('POST', '/Users', { schemas: [USER], userName: `gone-${run}`, externalId: `gone-ext-${run}` }), 201);
      const group = await ok(scim('POST', '/Groups', { schemas: [GROUP], displayName: `dg-${run}`, members: [{ value: user.json.id }] }), 201);
      return { id: user.json.id, group: group.json.id };
    },
    request: (f) => scim('DELETE', `/Users/${f.id}`),
    async observe(f, run, baseline) {
      const team = await tenant.table.get<{ memberCount: number }>(keys.team(tenant.tenantId, f.group!));
      return {
        user: await exists(keys.user(tenant.tenantId, f.id!)),
        userNameMarker: await exists(keys.uniqueUserName(tenant.tenantId, `gone-${run}`)),
        externalIdMarker: await exists(keys.uniqueUserExternalId(tenant.tenantId, `gone-ext-${run}`)),
        edge: await exists(keys.membership(tenant.tenantId, f.group!, f.id!)),
        memberCount: team?.memberCount,
        usersCounter: (await usersTotal()) - baseline.users,
        audit: await auditCount(f.id!, 'user.deleted'),
      };
    },
    old: { user: true, userNameMarker: true, externalIdMarker: true, edge: true, memberCount: 1, usersCounter: 0, audit: 0 },
    new: { user: false, userNameMarker: false, externalIdMarker: false, edge: false, memberCount: 0, usersCounter: -1, audit: 1 },
    successStatus: 204,
  },
];

const withRun = (state: Record<string, unknown>, run: string) =>
  Object.fromEntries(Object.entries(state).map(([k, v]) => [k, typeof v === 'string' ? v.replace('RUN', run) : v]));

describe.each(scenarios)('$name under a failed DynamoDB call', (scenario) => {
  it(
    'answers 429/503 with Retry-After (or succeeds) and stores exactly the old or the new state, for every call failed in turn',
    async () => {
      // A clean run first: how many DynamoDB calls the request makes, and what "new" looks like.
      const cleanRun = randomUUID().slice(0, 8);
      const cleanFixture = await scenario.setup(cleanRun);
      const baseline = { users: await usersTotal() };
      const commands = await withDynamoFaults(undefined, async (faults) => {
        const res = await call(scenario.request(cleanFixture, cleanRun), SLOW_OK);
        expect(res.status, res.text).toBe(scenario.successStatus);
        return [...faults.log];
      });
      expect(await scenario.observe(cleanFixture, cleanRun, baseline)).toEqual(withRun(scenario.new, cleanRun));

      const outcomes: Record<string, number> = {};
      const plans: FaultRule[] = [];
      commands.forEach((_, i) => {
        const kind: FaultKind = i % 2 === 0 ? 'throttle' : 'server-error';
        plans.push({ nth: i + 1, kind, when: 'before' }, { nth: i + 1, kind, when: 'after' });
      });
      const violations: string[] = [];
      for (const plan of plans) {
        const run = randomUUID().slice(0, 8);
        const fixture = await scenario.setup(run);
        const runBaseline = { users: await usersTotal() };
        const res = await withDynamoFaults(plan, () => call(scenario.request(fixture, run), SLOW_OK));
        const where = `${plan.kind} ${plan.when} call ${plan.nth} (${commands[plan.nth! - 1]}): ${res.status}`;
        if (res.status !== scenario.successStatus) {
          if (![429, 503].includes(res.status)) violations.push(`${where}: status ${res.text}`);
          if (!/^[1-9]\d*$/.test(res.headers['retry-after'] ?? '')) violations.push(`${where}: no Retry-After`);
          if (!isScimError(res)) violations.push(`${where}: not the SCIM error envelope: ${res.text}`);
        }
        const state = await scenario.observe(fixture, run, runBaseline);
        const isOld = JSON.stringify(state) === JSON.stringify(withRun(scenario.old, run));
        const isNew = JSON.stringify(state) === JSON.stringify(withRun(scenario.new, run));
        if (!isOld && !isNew) violations.push(`${where}: mixed state ${JSON.stringify(state)}`);
        // Success means the change is there; an error after the commit may leave it there too (the answer was lost).
        if (res.status === scenario.successStatus && !isNew) violations.push(`${where}: success without the new state`);
        const key = `${res.status} ${isNew ? 'new' : isOld ? 'old' : 'MIXED'}`;
        outcomes[key] = (outcomes[key] ?? 0) + 1;
      }
      figures.record('dynamodb-faults', scenario.name, { dynamoCallsPerRequest: commands.length, commands, faultRuns: plans.length, outcomes, violations });
      expect(violations).toEqual([]);
    },
    TEST_TIMEOUT_MS,
  );
});
