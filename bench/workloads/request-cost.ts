/**
 * Benchmark 2: what one request of each SCIM and admin operation costs in
 * DynamoDB requests and consumed capacity, measured on the synced tenant (so
 * lookups run against a populated directory). Each sample is one HTTP request
 * alone in its window; setup a sample needs (a fresh group, a user with 20
 * memberships) happens outside the window.
 *
 * Credential checks cost the same on every route, so the floor of a request is
 * the auth-only request of its API (SCIM: `GET /ServiceProviderConfig`, admin:
 * `GET /provisioning`, both answered from the principal); the targets count the
 * requests beyond it.
 */
import { randomUUID } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { createTestTenant } from '../../test/support/tenants.js';
import { adminClient, scimClient, SCIM_GROUP, SCIM_PATCH, type ApiClient } from '../harness/api-client.js';
import type { DynamoMeter, MeterTotals } from '../harness/dynamo-meter.js';
import { median, summarize, type Summary } from '../harness/stats.js';
import { scimUserBody, type DirectoryUser } from './directory.js';
import { patchAddMembers, type SyncResult } from './initial-sync.js';

export interface CostOptions {
  gatewayUrl: string;
  meter: DynamoMeter;
  synced: SyncResult;
  samples: number;
  /** Page number for the "deep page" cost (1,000 in the issue). */
  deepPage: number;
}

export interface Target {
  text: string;
  met: boolean;
}

export interface OperationCost {
  name: string;
  api: 'scim' | 'admin';
  samples: number;
  /** Median over samples (a token's lastUsedAt write lands in at most one sample a minute). */
  requests: number;
  maxRequests: number;
  /** The median sample's requests by command. */
  byCommand: Record<string, number>;
  capacity: number;
  /** Requests beyond the API's auth-only request. */
  beyondAuth: number;
  latencyMs: Summary;
  dynamoMs: number;
  /** The median sample's calls in order, ids masked: what to read when a target is missed. */
  calls: string[];
  /** Capacity of the median sample's reads of the listed partition itself (list operations). */
  listReadCapacity: number;
  target?: Target;
}

interface Sample {
  totals: MeterTotals;
  calls: string[];
  listReadCapacity: number;
  latencyMs: number;
}

/** The Query reading the tenant's partition page (not its counters, not per-user lookups). */
const isPartitionRead = (what: string) => /^Query table T#…( limit \d+)?$/.test(what);

type Prepared = () => Promise<unknown>;

interface OperationSpec {
  name: string;
  api: 'scim' | 'admin';
  /** Runs outside the window; returns the measured call. */
  prepare: (sample: number) => Promise<Prepared>;
  target?: (cost: Omit<OperationCost, 'target'>) => Target;
  /** Samples for costly setups (a user with 20 memberships); default: all. */
  samples?: number;
}

const q = (filter: string) => `filter=${encodeURIComponent(filter)}`;

/** Target: at most `n` requests beyond auth. */
const atMost =
  (n: number, what: string) =>
  (cost: Omit<OperationCost, 'target'>): Target => ({
    text: `${what}: ≤ ${n} request${n === 1 ? '' : 's'} beyond auth`,
    met: cost.beyondAuth <= n,
  });

export async function runRequestCost(
  options: CostOptions,
): Promise<{ auth: Record<string, OperationCost>; operations: OperationCost[]; listPages: ListPageComparison[] }> {
  const { synced, meter } = options;
  const scim = scimClient(options.gatewayUrl, synced.tenantId, synced.scimToken);
  const admin = adminClient(options.gatewayUrl, synced.adminToken);
  const inviteTenant = await createTestTenant({ prefix: 'bench-invite', mode: 'invite-only' });
  const inviter = adminClient(options.gatewayUrl, inviteTenant.adminToken);
  const users = synced.directory.users;
  const pick = (sample: number): DirectoryUser => users[(sample * 7919) % users.length]!;
  const idOf = (user: DirectoryUser) => synced.userIds[user.index]!;
  const pageSize = Math.max(1, Math.floor(users.length / options.deepPage));
  const deepStart = (options.deepPage - 1) * pageSize + 1;
  // Users the write operations consume, so no sample sees another's leftovers.
  let fresh = 0;
  const newUser = (): DirectoryUser => {
    const n = `x${String(fresh++).padStart(6, '0')}`;
    return {
      index: -1,
      userName: `${n}@${synced.tenantId}.example`,
      externalId: randomUUID(),
      email: `${n}@${synced.tenantId}.example`,
      givenName: `G${n}`,
      familyName: `F${n}`,
    };
  };
  const createUser = async () => (await scim.call<{ id: string }>('POST', '/Users', scimUserBody(newUser()), [201])).body.id;
  const createGroup = async () =>
    (await scim.call<{ id: string }>('POST', '/Groups', { schemas: [SCIM_GROUP], displayName: `cost-${randomUUID().slice(0, 12)}` }, [201])).body.id;

  const scimAuth: OperationSpec = {
    name: 'SCIM auth only (GET /ServiceProviderConfig)',
    api: 'scim',
    prepare: async () => () => scim.call('GET', '/ServiceProviderConfig'),
  };
  const adminAuth: OperationSpec = { name: 'admin auth only (GET /provisioning)', api: 'admin', prepare: async () => () => admin.call('GET', '/provisioning') };
  const auth = { scim: await measureOperation(meter, scimAuth, options.samples), admin: await measureOperation(meter, adminAuth, options.samples) };

  const specs: OperationSpec[] = [
    { name: 'SCIM get user', api: 'scim', prepare: async (s) => () => scim.call('GET', `/Users/${idOf(pick(s))}`), target: atMost(1, 'point read') },
    {
      name: 'SCIM filter userName eq',
      api: 'scim',
      prepare: async (s) => () => scim.call('GET', `/Users?${q(`userName eq "${pick(s).userName}"`)}`),
      target: atMost(1, 'IdP lookup'),
    },
    {
      name: 'SCIM filter externalId eq',
      api: 'scim',
      prepare: async (s) => () => scim.call('GET', `/Users?${q(`externalId eq "${pick(s).externalId}"`)}`),
      target: atMost(1, 'IdP lookup'),
    },
    {
      name: 'SCIM filter emails.value eq',
      api: 'scim',
      prepare: async (s) => () => scim.call('GET', `/Users?${q(`emails.value eq "${pick(s).email}"`)}`),
      target: atMost(1, 'IdP lookup'),
    },
    {
      name: 'SCIM filter emails[type eq "work"].value eq',
      api: 'scim',
      prepare: async (s) => () => scim.call('GET', `/Users?${q(`emails[type eq "work"].value eq "${pick(s).email}"`)}`),
      target: atMost(1, 'IdP lookup'),
    },
    {
      name: 'SCIM create user (POST)',
      api: 'scim',
      prepare: async () => () => scim.call('POST', '/Users', scimUserBody(newUser()), [201]),
      target: (c) => ({ text: 'create user: 1 transaction', met: (c.byCommand.TransactWriteItemsCommand ?? 0) === 1 }),
    },
    {
      name: 'SCIM replace user (PUT)',
      api: 'scim',
      prepare: async (s) => {
        const u = pick(s);
        return () => scim.call('PUT', `/Users/${idOf(u)}`, { ...scimUserBody(u), title: `Title ${s}` });
      },
    },
    {
      name: 'SCIM PATCH active',
      api: 'scim',
      // Every sample deactivates a different active user, so each is a real change (a no-op writes nothing).
      prepare: async (s) => {
        const u = users[(s * 7919 + 1) % users.length]!;
        return () => scim.call('PATCH', `/Users/${idOf(u)}`, { schemas: [SCIM_PATCH], Operations: [{ op: 'Replace', path: 'active', value: false }] });
      },
    },
    {
      name: 'SCIM PATCH group add 100 members',
      api: 'scim',
      prepare: async (s) => {
        const groupId = await createGroup();
        const ids = Array.from({ length: Math.min(100, users.length) }, (_, k) => synced.userIds[(s * 100 + k) % users.length]!);
        return () => patchAddMembers(scim, groupId, ids);
      },
    },
    {
      name: 'SCIM DELETE user with 20 memberships',
      api: 'scim',
      samples: Math.min(options.samples, 10),
      prepare: async (s) => {
        const userId = await createUser();
        for (let g = 0; g < 20; g++) await patchAddMembers(scim, synced.groupIds[(s * 20 + g) % synced.groupIds.length]!, [userId]);
        return () => scim.call('DELETE', `/Users/${userId}`, undefined, [204]);
      },
    },
    {
      name: 'SCIM get group excludedAttributes=members',
      api: 'scim',
      prepare: async (s) => () => scim.call('GET', `/Groups/${synced.groupIds[s % synced.groupIds.length]}?excludedAttributes=members`),
      target: atMost(1, 'point read'),
    },
    {
      name: 'SCIM get group (with members)',
      api: 'scim',
      prepare: async (s) => () => scim.call('GET', `/Groups/${synced.groupIds[s % synced.groupIds.length]}`),
    },
    { name: 'admin get user', api: 'admin', prepare: async (s) => () => admin.call('GET', `/users/${idOf(pick(s))}`), target: atMost(1, 'point read') },
    {
      name: 'admin deactivate user',
      api: 'admin',
      prepare: async (s) => {
        const u = users[(s * 7919 + 2) % users.length]!;
        return () => admin.call('PATCH', '/users/deactivate', { email: u.email });
      },
    },
    {
      // SCIM tenants take no invitations (the IdP is the system of record): measured on an invite-only tenant.
      name: 'admin invite user (invite-only tenant)',
      api: 'admin',
      prepare: async () => {
        const u = newUser();
        return () => inviter.call('POST', '/users/invite', { email: `inv-${u.email}`, acceptInviteClientUrl: 'https://app.example.com/accept' }, [201]);
      },
    },
  ];
  const operations: OperationCost[] = [];
  for (const spec of specs) {
    const cost = await measureOperation(meter, spec, spec.samples ?? options.samples, auth[spec.api].requests);
    operations.push(cost);
  }

  const listPages: ListPageComparison[] = [
    await compareListPages(
      meter,
      `SCIM list users, index (count=${pageSize})`,
      options,
      auth.scim.requests,
      (page) => () => scim.call('GET', `/Users?startIndex=${page === 1 ? 1 : deepStart}&count=${pageSize}`),
      (k) => () => scim.call('GET', `/Users?startIndex=${deepStart - k}&count=${pageSize}`),
    ),
    await compareListPages(
      meter,
      `SCIM list users, cursor (count=${pageSize})`,
      options,
      auth.scim.requests,
      await cursorPages(scim, pageSize, options.deepPage),
    ),
    // Deactivated users included: the samples above deactivate some, and a page of active users only at
    // the old deep offset would fall past the end and measure an empty page.
    await compareListPages(
      meter,
      `admin list users, offset (limit=${pageSize})`,
      options,
      auth.admin.requests,
      (page) => () => admin.call('GET', `/users?limit=${pageSize}&showInvalidUsers=true&offset=${page === 1 ? 0 : deepStart - 1}`),
      (k) => () => admin.call('GET', `/users?limit=${pageSize}&showInvalidUsers=true&offset=${deepStart - 1 - k}`),
    ),
  ];
  return { auth, operations, listPages };
}

export interface ListPageComparison {
  name: string;
  page: number;
  first: OperationCost;
  /** The deep page revisited: from the second visit on, a position listing finds its page bookmark. */
  deep: OperationCost;
  /**
   * The first visit to a deep position, with no bookmark yet (position listings only; a
   * cursor carries its position): each sample a position no request has asked for.
   */
  firstVisit?: OperationCost;
  target: Target;
}

/** First visits measured per position listing; each at its own never-visited position. */
const FIRST_VISITS = 5;

async function compareListPages(
  meter: DynamoMeter,
  name: string,
  options: CostOptions,
  authRequests: number,
  callFor: (page: 1 | 'deep') => Prepared,
  /** The deep page `k` positions before it, for a listing whose deep pages are bookmarked once visited. */
  firstVisitFor?: (k: number) => Prepared,
): Promise<ListPageComparison> {
  const api = name.startsWith('SCIM') ? 'scim' : 'admin';
  const first = await measureOperation(meter, { name: `${name} page 1`, api, prepare: async () => callFor(1) }, options.samples, authRequests);
  // Before any revisit: position deepStart first, then the positions just before it. A visit
  // bookmarks its own position and the next page's (a page further on), so none of these
  // samples finds a bookmark another left, as long as the page is longer than the samples.
  const pageSize = Math.max(1, Math.floor(options.synced.directory.users.length / options.deepPage));
  const firstVisit =
    firstVisitFor && pageSize > 1
      ? await measureOperation(
          meter,
          { name: `${name} page ${options.deepPage}, first visit (no bookmark)`, api, prepare: async (k) => firstVisitFor(k) },
          Math.min(FIRST_VISITS, pageSize - 1),
          authRequests,
        )
      : undefined;
  const deep = await measureOperation(
    meter,
    { name: `${name} page ${options.deepPage}`, api, prepare: async () => callFor('deep') },
    options.samples,
    authRequests,
  );
  return {
    name,
    page: options.deepPage,
    first,
    deep,
    firstVisit,
    // Which users land on a page (and so how many groups each rendering reads) varies with
    // the data, not the depth; the depth shows in the request count and in the read of the
    // listed partition itself.
    target: {
      text: `page ${options.deepPage} costs what page 1 costs (requests, and units of the partition read)`,
      met: deep.requests <= first.requests && deep.listReadCapacity <= first.listReadCapacity * 1.1 + 0.5,
    },
  };
}

/** Walks the RFC 9865 cursor to the deep page once (outside any window); both pages are then re-read by cursor. */
async function cursorPages(scim: ApiClient, pageSize: number, deepPage: number): Promise<(page: 1 | 'deep') => Prepared> {
  let cursor = '';
  for (let page = 1; page < deepPage; page++) {
    const res = await scim.call<{ nextCursor?: string }>('GET', `/Users?count=${pageSize}&cursor=${encodeURIComponent(cursor)}`);
    if (!res.body.nextCursor) throw new Error(`cursor pagination ended at page ${page} of ${deepPage}`);
    cursor = res.body.nextCursor;
  }
  const deepCursor = cursor;
  return (page) => () => scim.call('GET', `/Users?count=${pageSize}&cursor=${page === 1 ? '' : encodeURIComponent(deepCursor)}`);
}

/** Without `authRequests` the operation is an auth floor itself: nothing is beyond it. */
async function measureOperation(meter: DynamoMeter, spec: OperationSpec, samples: number, authRequests?: number): Promise<OperationCost> {
  const taken: Sample[] = [];
  for (let s = 0; s < samples; s++) {
    const call = await spec.prepare(s);
    const started = performance.now();
    const { totals, calls } = await meter.measure(call);
    const listReadCapacity = calls.filter((c) => isPartitionRead(c.what)).reduce((t, c) => t + c.capacity, 0);
    taken.push({ totals, calls: calls.map((c) => c.what), listReadCapacity, latencyMs: performance.now() - started });
    meter.reset();
  }
  const requests = median(taken.map((t) => t.totals.requests));
  const typical = taken.find((t) => t.totals.requests === requests) ?? taken[0]!;
  const cost: Omit<OperationCost, 'target'> = {
    name: spec.name,
    api: spec.api,
    samples,
    requests,
    maxRequests: Math.max(...taken.map((t) => t.totals.requests)),
    byCommand: typical.totals.byCommand,
    capacity: median(taken.map((t) => t.totals.capacity)),
    beyondAuth: requests - (authRequests ?? requests),
    latencyMs: summarize(taken.map((t) => t.latencyMs)),
    dynamoMs: median(taken.map((t) => t.totals.busyMs)),
    calls: typical.calls,
    listReadCapacity: median(taken.map((t) => t.listReadCapacity)),
  };
  return { ...cost, target: spec.target?.(cost) };
}
