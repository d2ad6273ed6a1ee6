/**
 * Concurrency: real parallel requests through the route table's handlers against
 * DynamoDB Local: uniqueness under a create storm, disjoint member adds on one
 * group, If-Match on parallel writes, writes without If-Match never lost, and a
 * deactivation racing the user's own PAT requests. The client behaves like an
 * IdP (429 and 503 are retried after Retry-After), and the function timeout is
 * raised: what is asserted is the outcome, not DynamoDB Local's lock latency.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readCounter } from '../../shared/storage/counters.js';
import { keys } from '../../shared/storage/keys.js';
import { TenantRepository } from '../../shared/tenants/tenant-repository.js';
import { issuePersonalAccessToken } from '../../shared/tokens/personal-access-tokens.js';
import { setUserActive } from '../../shared/users/activation.js';
import { UserRepository } from '../../shared/users/user-repository.js';
import { rememberSecret } from '../support/secret-ledger.js';
import { createTestTenant, type TestTenant } from '../support/tenants.js';
import { call, callWithRetries } from '../security/in-process-api.js';
import { figures } from './figures.js';

/** Generous: DynamoDB Local on a shared CI machine, not the service, sets the pace. */
const TEST_TIMEOUT_MS = 120_000;

const PATCH_OP = 'urn:ietf:params:scim:api:messages:2.0:PatchOp';
const USER = 'urn:ietf:params:scim:schemas:core:2.0:User';
const GROUP = 'urn:ietf:params:scim:schemas:core:2.0:Group';

let tenant: TestTenant;
const SLOW_OK = { timeoutSeconds: 120 };

beforeAll(async () => {
  tenant = await createTestTenant({ prefix: 'relc' });
  rememberSecret(tenant.adminToken, tenant.scimToken!);
});
afterAll(() => figures.flush('concurrency'));

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- bodies are checked by assertions
type ScimBody = any;

async function scim(
  method: string,
  path: string,
  body?: unknown,
  headers: Record<string, string> = {},
): Promise<{ status: number; body: ScimBody; etag: string | undefined; retried: number }> {
  const res = await callWithRetries(
    {
      method,
      url: `/scim/v2/${tenant.tenantId}${path}`,
      token: tenant.scimToken!,
      headers: { ...(body === undefined ? {} : { 'content-type': 'application/scim+json' }), ...headers },
      body,
    },
    SLOW_OK,
  );
  return { status: res.status, body: res.json, etag: res.headers.etag, retried: res.retried };
}

const retries = (answers: Array<{ retried: number }>) => answers.reduce((n, a) => n + a.retried, 0);

const tally = (statuses: number[]) => statuses.reduce<Record<number, number>>((t, s) => ({ ...t, [s]: (t[s] ?? 0) + 1 }), {});

describe('a create storm on one userName', () => {
  it(
    'answers exactly one 201 and 49 409 uniqueness for 50 parallel creates, and stores one user',
    async () => {
      const before = (await readCounter(tenant.table, tenant.tenantId, 'users')).total ?? 0;
      const started = performance.now();
      const answers = await Promise.all(
        Array.from({ length: 50 }, (_, i) =>
          scim('POST', '/Users', { schemas: [USER], userName: 'Storm.User@Example.com', externalId: `storm-${i}`, name: { givenName: `N${i}` } }),
        ),
      );
      figures.record('concurrency', 'create storm (50 parallel)', {
        ms: Math.round(performance.now() - started),
        statuses: tally(answers.map((a) => a.status)),
        retriedAfter429or503: retries(answers),
      });
      expect(tally(answers.map((a) => a.status))).toEqual({ 201: 1, 409: 49 });
      for (const a of answers.filter((x) => x.status === 409)) expect(a.body).toMatchObject({ status: '409', scimType: 'uniqueness' });

      const found = await scim('GET', `/Users?filter=${encodeURIComponent('userName eq "storm.user@example.com"')}`);
      expect(found.body.totalResults).toBe(1);
      const winner = answers.find((a) => a.status === 201)!.body;
      expect(found.body.Resources[0].id).toBe(winner.id);
      // The losers left nothing behind: no externalId marker of theirs, and the counter moved by one.
      const markers = await Promise.all(Array.from({ length: 50 }, (_, i) => tenant.table.get(keys.uniqueUserExternalId(tenant.tenantId, `storm-${i}`))));
      expect(markers.filter(Boolean)).toHaveLength(1);
      expect((await readCounter(tenant.table, tenant.tenantId, 'users')).total).toBe(before + 1);
    },
    TEST_TIMEOUT_MS,
  );
});

describe('parallel member adds on one group', () => {
  it(
    'keeps every member of 20 parallel PATCH adds with disjoint members',
    async () => {
      const members = await Promise.all(
        Array.from({ length: 40 }, async (_, i) => (await scim('POST', '/Users', { schemas: [USER], userName: `member-${i}@race.example` })).body.id as string),
      );
      const group = await scim('POST', '/Groups', { schemas: [GROUP], displayName: 'race-group' });
      expect(group.status).toBe(201);
      const started = performance.now();
      const answers = await Promise.all(
        Array.from({ length: 20 }, (_, i) =>
          scim('PATCH', `/Groups/${group.body.id}`, {
            schemas: [PATCH_OP],
            Operations: [{ op: 'add', path: 'members', value: [{ value: members[2 * i] }, { value: members[2 * i + 1] }] }],
          }),
        ),
      );
      figures.record('concurrency', 'member adds (20 parallel PATCH, 2 members each)', {
        ms: Math.round(performance.now() - started),
        statuses: tally(answers.map((a) => a.status)),
        retriedAfter429or503: retries(answers),
      });
      expect(tally(answers.map((a) => a.status)), JSON.stringify(answers.filter((a) => a.status !== 204).map((a) => a.body))).toEqual({ 204: 20 });
      const after = await scim('GET', `/Groups/${group.body.id}`);
      expect((after.body.members as Array<{ value: string }>).map((m) => m.value).sort()).toEqual([...members].sort());
      const team = await tenant.table.get<{ memberCount: number; version: number }>(keys.team(tenant.tenantId, group.body.id));
      expect(team?.memberCount).toBe(40);
      expect(after.body.meta.version).toBe(`W/"${team!.version}"`);
    },
    TEST_TIMEOUT_MS,
  );
});

describe('parallel writes of one user', () => {
  it(
    'lets exactly one of 10 parallel If-Match writes win per version; the others get 412',
    async () => {
      const created = await scim('POST', '/Users', { schemas: [USER], userName: 'etag-user@race.example', displayName: 'start' });
      let etag = created.etag!;
      const rounds = 4;
      for (let round = 0; round < rounds; round++) {
        const answers = await Promise.all(
          Array.from({ length: 10 }, (_, i) =>
            i % 2 === 0
              ? scim(
                  'PATCH',
                  `/Users/${created.body.id}`,
                  { schemas: [PATCH_OP], Operations: [{ op: 'replace', path: 'displayName', value: `r${round}-w${i}` }] },
                  { 'if-match': etag },
                )
              : scim(
                  'PUT',
                  `/Users/${created.body.id}`,
                  { schemas: [USER], userName: 'etag-user@race.example', displayName: `r${round}-w${i}` },
                  { 'if-match': etag },
                ),
          ),
        );
        const statuses = answers.map((a) => a.status);
        expect(
          statuses.filter((s) => s === 200 || s === 204),
          `round ${round}: ${statuses.join(',')}`,
        ).toHaveLength(1);
        expect(statuses.filter((s) => s === 412)).toHaveLength(9);
        for (const a of answers.filter((x) => x.status === 412)) expect(a.body).toMatchObject({ status: '412' });
        const current = await scim('GET', `/Users/${created.body.id}`);
        const winner = answers.findIndex((a) => a.status === 200 || a.status === 204);
        expect(current.body.displayName).toBe(`r${round}-w${winner}`);
        expect(current.etag).toBe(`W/"${round + 2}"`);
        etag = current.etag!;
      }
      figures.record('concurrency', 'If-Match rounds (10 parallel PUT/PATCH each)', { rounds, winnersPerRound: 1, preconditionFailedPerRound: 9 });
    },
    TEST_TIMEOUT_MS,
  );

  it(
    'loses no write of 12 parallel PATCH/PUT without If-Match: every one gets its own version',
    async () => {
      const created = await scim('POST', '/Users', { schemas: [USER], userName: 'lww-user@race.example' });
      const n = 12;
      const answers = await Promise.all(
        Array.from({ length: n }, (_, i) =>
          i % 3 === 0
            ? scim('PUT', `/Users/${created.body.id}`, { schemas: [USER], userName: 'lww-user@race.example', displayName: `w${i}`, title: `t${i}` })
            : scim(
                'PATCH',
                `/Users/${created.body.id}`,
                {
                  schemas: [PATCH_OP],
                  Operations: [{ op: 'replace', path: 'displayName', value: `w${i}` }],
                },
                {},
              ),
        ),
      );
      const statuses = answers.map((a) => a.status);
      figures.record('concurrency', 'writes without If-Match (12 parallel)', { statuses: tally(statuses), retriedAfter429or503: retries(answers) });
      // No precondition was sent, so a 412 would blame the client for a race it could not see.
      expect(
        statuses.every((s) => s === 200 || s === 204),
        statuses.join(','),
      ).toBe(true);
      const stored = await new UserRepository(tenant.table).get(tenant.tenantId, created.body.id);
      expect(stored?.version).toBe(1 + n);
      // Last writer wins: the stored name is one that was written, with the matching title when a PUT was last.
      expect(Array.from({ length: n }, (_, i) => `w${i}`)).toContain(stored?.displayName);
      const versions = answers.filter((a) => a.status === 200).map((a) => a.body.meta.version as string);
      expect(new Set(versions).size).toBe(versions.length);
    },
    TEST_TIMEOUT_MS,
  );
});

describe('deactivation racing the user’s own requests', () => {
  it(
    'refuses every request with the PAT that starts after the deactivation returned',
    async () => {
      const tenantRecord = await new TenantRepository(tenant.table).require(tenant.tenantId);
      const member = await scim('POST', '/Users', {
        schemas: [USER],
        userName: 'racer@race.example',
        emails: [{ value: 'racer@race.example', primary: true }],
      });
      const { token } = await issuePersonalAccessToken(tenant.table, { tenantId: tenant.tenantId, userId: member.body.id, name: 'race' });
      rememberSecret(token);
      const log: Array<{ start: number; status: number }> = [];
      let deactivatedAt = Number.POSITIVE_INFINITY;
      // Each worker keeps going until three of its own requests started after the deactivation returned.
      const worker = async () => {
        let after = 0;
        while (after < 3) {
          const start = performance.now();
          const res = await call({ method: 'GET', url: '/api/svc/v1/users?limit=5', token }, SLOW_OK);
          log.push({ start, status: res.status });
          if (start >= deactivatedAt) after++;
        }
      };
      const workers = Array.from({ length: 6 }, worker);
      while (!log.some((e) => e.status === 200)) await new Promise((r) => setTimeout(r, 20));
      await setUserActive(tenant.table, {
        tenant: tenantRecord,
        email: 'racer@race.example',
        active: false,
        actor: { type: 'user', id: tenant.adminUserId },
      });
      deactivatedAt = performance.now();
      await Promise.all(workers);
      const before = log.filter((e) => e.start < deactivatedAt);
      const after = log.filter((e) => e.start >= deactivatedAt);
      figures.record('concurrency', 'deactivation race', {
        requestsBefore: before.length,
        requestsAfter: after.length,
        statusesAfter: tally(after.map((e) => e.status)),
      });
      expect(before.some((e) => e.status === 200)).toBe(true);
      expect(after.length).toBeGreaterThanOrEqual(18);
      expect(after.every((e) => e.status === 401)).toBe(true);
      // Writes too: the deactivated user cannot mint themselves a fresh token.
      const mint = await call({ method: 'POST', url: '/api/svc/v1/personal-access-tokens', token, body: { name: 'escape-hatch' } });
      expect(mint.status).toBe(401);
    },
    TEST_TIMEOUT_MS,
  );
});
