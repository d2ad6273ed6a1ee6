/**
 * Connected: the Provisioning page's health counters as the service keeps them.
 * A scripted SCIM sequence (reads, creates, a conflict, a miss, a Bulk request
 * with a failing operation, a delete) runs through the in-process API; the real
 * health stream consumer, behind the stream poller with its declared filter,
 * counts the creates from their audit items; the admin route then reports
 * exact figures. Redelivery of stream records counts nothing twice; a tenant
 * with no health items reads as an empty window.
 */
import { randomUUID } from 'node:crypto';
import type { DynamoDBStreamEvent } from 'aws-lambda';
import type { AttributeValue } from '@aws-sdk/client-dynamodb';
import { marshall } from '@aws-sdk/util-dynamodb';
import { afterAll, beforeAll, describe, expect, it, onTestFinished } from 'vitest';
import { handler as healthConsumer } from '../../functions/stream/health.js';
import { handler as postConfirmation } from '../../functions/triggers/post-confirmation.js';
import { handler as preTokenGeneration } from '../../functions/triggers/pre-token-generation.js';
import { startStreamPoller, type RunningStreamPoller } from '../../infra/local/stream-poller.js';
import { WINDOW_HOURS, hourOf } from '../../shared/health/health-window.js';
import { flushScimRequestCounts } from '../../shared/health/scim-request-counts.js';
import type { ProvisioningHealth } from '../../shared/health/provisioning-health.js';
import { keys } from '../../shared/storage/keys.js';
import { streamConsumers } from '../../shared/streams/stream-consumers.js';
import { Transaction } from '../../shared/storage/transaction.js';
import { issuePersonalAccessToken } from '../../shared/tokens/personal-access-tokens.js';
import { UserRepository } from '../../shared/users/user-repository.js';
import { call } from '../security/in-process-api.js';
import { testDynamoDb } from '../support/dynamodb.js';
import { createTestTenant, type TestTenant } from '../support/tenants.js';
import { fixtureEvent, withAttribute } from '../signin/fixture-events.js';

const TIMEOUT = 120_000;
const USER = 'urn:ietf:params:scim:schemas:core:2.0:User';
const GROUP = 'urn:ietf:params:scim:schemas:core:2.0:Group';
const PATCH = 'urn:ietf:params:scim:api:messages:2.0:PatchOp';
const BULK = 'urn:ietf:params:scim:api:messages:2.0:BulkRequest';

let poller: RunningStreamPoller;

beforeAll(() => {
  const consumer = streamConsumers.find((c) => c.name === 'stream.health')!;
  poller = startStreamPoller({
    endpoint: testDynamoDb().endpoint,
    streamArn: testDynamoDb().streamArn,
    consumers: [consumer],
    pollIntervalMs: 100,
    retryDelay: { initialMs: 100, maxMs: 500 },
  });
}, TIMEOUT);
afterAll(async () => {
  await poller?.stop();
});

async function health(tenant: TestTenant): Promise<ProvisioningHealth> {
  const res = await call({ method: 'GET', url: '/api/svc/v1/provisioning/health', token: tenant.adminToken }, { timeoutSeconds: 60 });
  if (res.status !== 200) throw new Error(`health: ${res.status} ${res.text}`);
  return res.json as ProvisioningHealth;
}

const scim = (tenant: TestTenant, method: string, path: string, body?: unknown) =>
  call({ method, url: `/scim/v2/${tenant.tenantId}${path}`, token: tenant.scimToken, body }, { timeoutSeconds: 60 });

describe('SCIM traffic on the Provisioning page', () => {
  it(
    'counts a scripted sequence exactly: requests and errors per hour, the errors with their SCIM detail, users and groups',
    async () => {
      const tenant = await createTestTenant({ prefix: 'hlth' });
      const domain = `${tenant.tenantId}.example`;
      // As deployed: counts held by this instance, written once a second or when flushed (test-env writes each at once).
      const flushSeconds = process.env.SCIM_HEALTH_FLUSH_SECONDS;
      process.env.SCIM_HEALTH_FLUSH_SECONDS = '1';
      onTestFinished(() => {
        process.env.SCIM_HEALTH_FLUSH_SECONDS = flushSeconds;
      });
      const statuses: number[] = [];
      const run = async (method: string, path: string, body?: unknown) => {
        const res = await scim(tenant, method, path, body);
        statuses.push(res.status);
        return res;
      };
      await run('GET', `/Users?filter=${encodeURIComponent(`userName eq "ana@${domain}"`)}`);
      const ana = (await run('POST', '/Users', { schemas: [USER], userName: `ana@${domain}` })).json.id as string;
      await run('POST', '/Users', { schemas: [USER], userName: `ana@${domain}` });
      await run('PATCH', `/Users/${ana}`, { schemas: [PATCH], Operations: [{ op: 'replace', path: 'displayName', value: 'Ana Lima' }] });
      await run('GET', `/Users/${randomUUID()}`);
      const team = (await run('POST', '/Groups', { schemas: [GROUP], displayName: 'eng', members: [{ value: ana }] })).json.id as string;
      const bulk = await run('POST', '/Bulk', {
        schemas: [BULK],
        Operations: [
          { method: 'POST', path: '/Users', bulkId: 'bo', data: { schemas: [USER], userName: `bo@${domain}` } },
          { method: 'PATCH', path: `/Users/${randomUUID()}`, data: { schemas: [PATCH], Operations: [{ op: 'replace', path: 'active', value: false }] } },
        ],
      });
      const bo = (bulk.json.Operations[0].location as string).split('/').pop()!;
      await run('DELETE', `/Users/${bo}`);
      const listed = await run('GET', '/Users?count=0');
      const groups = await run('GET', '/Groups?count=0');
      // Not the tenant's client: refused before any tenant is known, so not counted for it.
      expect((await call({ method: 'GET', url: `/scim/v2/${tenant.tenantId}/Users`, token: 'garbage' })).status).toBe(401);
      expect(statuses).toEqual([200, 201, 409, 200, 404, 201, 200, 204, 200, 200]);
      expect(bulk.json.Operations.map((o: { status: string }) => o.status)).toEqual(['201', '404']);

      await flushScimRequestCounts();
      // Reads, the conflict, the PATCH, the miss, the Bulk PATCH, the DELETE and the two lists are counted as they
      // happen (8); the three creates (ana, eng, and bo inside Bulk) from their audit items, by the stream (3).
      await expect.poll(async () => (await health(tenant)).scim.totals.requests, { timeout: 60_000, interval: 250 }).toBe(11);
      const view = await health(tenant);
      expect(view.scim.enabled).toBe(true);
      expect(view.scim.totals).toEqual({ requests: 11, errors: 3 });
      expect(view.scim.hours).toHaveLength(WINDOW_HOURS);
      const now = view.scim.hours[WINDOW_HOURS - 1]!;
      expect(now.hour).toBe(`${hourOf(new Date())}:00:00.000Z`);
      // A sequence run across an hour boundary splits its count between the two hours, never loses any.
      expect(view.scim.hours.slice(-2).reduce((n, h) => n + h.requests, 0)).toBe(11);
      expect(view.scim.hours.slice(0, -2).every((h) => h.requests === 0 && h.errors === 0)).toBe(true);
      expect(view.scim.users).toBe(listed.json.totalResults);
      expect(view.scim.groups).toBe(groups.json.totalResults);
      expect(view.scim.users).toBe(2); // the admin and ana
      expect(view.scim.groups).toBe(1);
      expect(Date.parse(view.scim.lastRequestAt!)).toBeGreaterThan(Date.now() - 10 * 60_000);

      const errors = view.scim.recentErrors.map(({ at: _at, requestId: _r, ...rest }) => rest);
      expect(errors).toEqual([
        { status: 404, detail: expect.stringContaining('not found'), method: 'PATCH', path: `/scim/v2/${tenant.tenantId}/Bulk` },
        {
          status: 404,
          detail: expect.stringContaining('not found'),
          method: 'GET',
          path: expect.stringMatching(new RegExp(`^/scim/v2/${tenant.tenantId}/Users/`)),
        },
        { status: 409, scimType: 'uniqueness', detail: expect.stringContaining(`ana@${domain}`), method: 'POST', path: `/scim/v2/${tenant.tenantId}/Users` },
      ]);
      const text = JSON.stringify(view);
      expect(text).not.toContain(tenant.scimToken!);
      expect(text).not.toContain('Ana Lima'); // request bodies are never kept
      expect(team).toBeTruthy();
    },
    TIMEOUT,
  );

  it(
    'shows a tenant with no health items (one from before they were kept) as an empty window',
    async () => {
      const tenant = await createTestTenant({ prefix: 'hlth', mode: 'invite-only' });
      const view = await health(tenant);
      expect(view.scim).toMatchObject({ enabled: false, users: 1, groups: 0, totals: { requests: 0, errors: 0 }, recentErrors: [] });
      expect(view.scim.lastRequestAt).toBeUndefined();
      expect(view.scim.hours).toHaveLength(WINDOW_HOURS);
      expect(view.scim.hours.every((h) => h.requests === 0 && h.errors === 0)).toBe(true);
      expect(view.sso).toEqual({ configured: false });
    },
    TIMEOUT,
  );

  it(
    'leaves out hours and errors older than the window, whether or not TTL has removed them yet',
    async () => {
      const tenant = await createTestTenant({ prefix: 'hlth' });
      const old = new Date(Date.now() - (WINDOW_HOURS + 2) * 3_600_000);
      await tenant.table.put({
        Item: { ...keys.scimHealthHour(tenant.tenantId, hourOf(old)), entity: 'scimHealthHour', hour: hourOf(old), requests: 5, errors: 5 },
      });
      await tenant.table.put({
        Item: {
          ...keys.scimHealthError(tenant.tenantId, old.toISOString(), 'old#0'),
          entity: 'scimHealthError',
          at: old.toISOString(),
          status: 500,
          detail: 'old',
          method: 'GET',
          path: '/x',
          requestId: 'old',
        },
      });
      const view = await health(tenant);
      expect(view.scim.totals).toEqual({ requests: 0, errors: 0 });
      expect(view.scim.recentErrors).toEqual([]);
    },
    TIMEOUT,
  );

  it(
    'is for tenant admins: a member gets 403, another tenant’s admin sees only its own tenant',
    async () => {
      const tenant = await createTestTenant({ prefix: 'hlth' });
      const other = await createTestTenant({ prefix: 'hlth' });
      expect((await scim(tenant, 'GET', `/Users/${randomUUID()}`)).status).toBe(404);
      await expect.poll(async () => (await health(tenant)).scim.totals.errors, { timeout: 30_000, interval: 250 }).toBe(1);

      const member = await scim(tenant, 'POST', '/Users', { schemas: [USER], userName: `m@${tenant.tenantId}.example` });
      expect(member.status).toBe(201);
      const { token } = await issuePersonalAccessToken(tenant.table, { tenantId: tenant.tenantId, userId: member.json.id as string, name: 'm' });
      const asMember = await call({ method: 'GET', url: '/api/svc/v1/provisioning/health', token });
      expect(asMember.status).toBe(403);
      expect(asMember.text).not.toContain('recentErrors');

      const asOther = await health(other);
      expect(asOther.scim.totals).toEqual({ requests: 0, errors: 0 });
      expect(JSON.stringify(asOther)).not.toContain(tenant.tenantId);
    },
    TIMEOUT,
  );
});

describe('the health stream consumer', () => {
  const created = (tenantId: string, at: string, sequence: string, action = 'user.created', actorType = 'scim') => ({
    eventID: sequence,
    eventName: 'INSERT' as const,
    dynamodb: {
      SequenceNumber: sequence,
      NewImage: marshall({
        entity: 'audit',
        tenantId,
        at,
        action,
        actor: { type: actorType, id: 'tok' },
        target: { type: 'user', id: randomUUID() },
      }) as Record<string, AttributeValue>,
    },
  });
  const deliver = (records: ReturnType<typeof created>[]) => healthConsumer({ Records: records } as unknown as DynamoDBStreamEvent);
  const creates = async (tenant: TestTenant, hour: string) =>
    (await tenant.table.get<{ creates?: number }>(keys.scimHealthHour(tenant.tenantId, hour)))?.creates;

  it(
    'counts each SCIM create once under redelivery: a batch again, its tail again, or overlapping a new one',
    async () => {
      const tenant = await createTestTenant({ prefix: 'hlth', mode: 'invite-only' });
      const at = new Date().toISOString();
      const hour = hourOf(at);
      // Sequence numbers of different lengths: they must still compare as numbers.
      const records = ['900', '950', '1000', '1100', '1200'].map((s) => created(tenant.tenantId, at, s));
      await deliver(records.slice(0, 3));
      expect(await creates(tenant, hour)).toBe(3);
      await deliver(records.slice(0, 3));
      expect(await creates(tenant, hour)).toBe(3);
      await deliver(records.slice(2, 3));
      expect(await creates(tenant, hour)).toBe(3);
      await deliver(records.slice(1, 5));
      expect(await creates(tenant, hour)).toBe(5);
      // Not counted: a create by an admin (the admin API counts nothing here) and any other action.
      await deliver([created(tenant.tenantId, at, '1300', 'user.created', 'user'), created(tenant.tenantId, at, '1400', 'user.updated')]);
      expect(await creates(tenant, hour)).toBe(5);
    },
    TIMEOUT,
  );
});

describe('SSO on the Provisioning page', () => {
  const OKTA = { type: 'oidc' as const, providerName: 'Okta', issuer: 'https://acme.okta.example', clientId: 'c', scopes: ['openid'] };

  it(
    'shows the provider, the last single sign-on and the last refused sign-in with its reason',
    async () => {
      const userPoolId = `eu-west-1_${randomUUID().replaceAll('-', '').slice(0, 9)}`;
      const tenant = await createTestTenant({ prefix: 'hlth', mode: 'jit', userPoolId, sso: OKTA, ssoEnforced: true });
      const domain = `${tenant.tenantId}.example`;
      const subject = `00u${randomUUID().replaceAll('-', '').slice(0, 17)}`;
      // Okta vouches for the email (`email_verified`), as a JIT tenant's IdP must for its people to be created.
      const event = (name: Parameters<typeof fixtureEvent>[0]) => fixtureEvent(name, { userPoolId, domain, subject }, withAttribute('email_verified', 'true'));

      await postConfirmation(event('PostConfirmation_ConfirmSignUp'));
      await preTokenGeneration(event('TokenGeneration_HostedAuth'));
      const users = new UserRepository(tenant.table);
      const ada = (await users.findByLoginEmail(tenant.tenantId, `ada@${domain}`))!;
      const signedIn = await health(tenant);
      expect(signedIn.sso).toMatchObject({
        configured: true,
        provider: { name: 'Okta', type: 'oidc', issuer: 'https://acme.okta.example' },
        lastSsoSignIn: { method: 'federated', provider: expect.stringMatching(/okta/i), userId: ada.id, email: `ada@${domain}` },
      });
      expect(signedIn.sso.lastRefusedSignIn).toBeUndefined();

      const tx = new Transaction(tenant.table);
      users.update(tx, ada, { ...ada, active: false });
      await tx.commit();
      await expect(preTokenGeneration(event('TokenGeneration_HostedAuth'))).rejects.toThrow();
      await expect.poll(async () => (await health(tenant)).sso.lastRefusedSignIn?.reason, { timeout: 60_000, interval: 250 }).toBe('deactivated');
      const refused = await health(tenant);
      expect(refused.sso.lastRefusedSignIn).toMatchObject({ method: 'federated', userId: ada.id, email: `ada@${domain}` });
      expect(refused.sso.lastSsoSignIn?.at).toBe(signedIn.sso.lastSsoSignIn?.at);
    },
    TIMEOUT,
  );
});
